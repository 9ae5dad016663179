import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import type { ManifestProblem } from "./problem.js";
import type { RawSheet } from "./sheet.js";
import { sheetFromTable, type TableCell, type TableRecord } from "./table.js";

/**
 * Reads one worksheet of an XLSX manifest (exceljs): the one named `sheet`, else the first visible
 * one. Formulas give their saved results, hyperlinks their targets (for image and video), numbers,
 * dates and booleans the text the columns expect. Places are Excel's (`Sheet1!C7`).
 */
export async function readXlsx(file: string, options: { sheet?: string }, problems: ManifestProblem[]): Promise<RawSheet | undefined> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push({
      file,
      message: code
        ? `cannot read the file (${code})`
        : `not a readable XLSX file (${firstLine(error)}); save it again from a spreadsheet program`,
    });
    return undefined;
  }
  const worksheet = pickWorksheet(workbook.worksheets, options.sheet);
  if (typeof worksheet === "string") {
    problems.push({ file, message: worksheet });
    return undefined;
  }
  const records: TableRecord[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: (TableCell | undefined)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = tableCell(cell.isMerged ? cell.master.value : cell.value);
    });
    records.push({ row: rowNumber, cells: Array.from(cells) });
  });
  return sheetFromTable({ file, sheet: worksheet.name, baseDir: dirname(resolve(file)), records }, problems);
}

/** The sheet asked for (exact name first, then ignoring case), else the first visible one; a string is a problem. */
function pickWorksheet(worksheets: ExcelJS.Worksheet[], name: string | undefined): ExcelJS.Worksheet | string {
  const names = worksheets.map((w) => `"${w.name}"`).join(", ");
  if (name !== undefined) {
    const wanted = name.trim().toLowerCase();
    const found = worksheets.find((w) => w.name === name) ?? worksheets.find((w) => w.name.trim().toLowerCase() === wanted);
    return found ?? `no sheet named "${name}"; the sheets are ${names || "(none)"}`;
  }
  return worksheets.find((w) => w.state === "visible") ?? worksheets[0] ?? "the workbook has no sheets";
}

/** A cell's value as the manifest reads it; undefined for an empty cell. */
export function tableCell(value: ExcelJS.CellValue): TableCell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return { text: value };
  if (typeof value === "number") return { text: numberText(value) };
  if (typeof value === "boolean") return { text: value ? "TRUE" : "FALSE" };
  if (value instanceof Date) return { text: dateText(value) };
  if ("error" in value) return { text: "", problem: `the cell shows the error ${value.error}` };
  if ("richText" in value) return { text: richText(value) };
  if ("hyperlink" in value) {
    const link = linkTarget(value.hyperlink);
    return { text: richText(value.text), ...(link !== undefined ? { link } : {}) };
  }
  if ("formula" in value || "sharedFormula" in value) {
    const formula = value.formula ?? ("sharedFormula" in value ? value.sharedFormula : "");
    const { result } = value;
    if (result === undefined || result === null) {
      return {
        text: "",
        problem: `the formula =${formula} has no saved result; open the file in a spreadsheet program, let it calculate, and save it`,
      };
    }
    if (typeof result === "object" && "error" in result)
      return { text: "", problem: `the formula =${formula} shows the error ${result.error}` };
    const cell = tableCell(result) ?? { text: "" };
    // =HYPERLINK("https://...", "label") saves only the label as its result.
    const target = /^\s*HYPERLINK\(\s*"((?:[^"]|"")*)"/i.exec(formula ?? "")?.[1];
    const link = target === undefined ? undefined : linkTarget(target.replaceAll('""', '"'));
    return link === undefined ? cell : { ...cell, link };
  }
  return { text: "", problem: "the cell holds a value of a kind a manifest cannot use" };
}

/** Numbers as people type them: 15 significant digits, as Excel keeps them (0.1+0.2 is 0.3). */
function numberText(value: number): string {
  return String(Number(value.toPrecision(15)));
}

/** Excel dates have no time zone (exceljs reads them as UTC): `2025-03-01`, or with a time `2025-03-01T14:30:00`. */
function dateText(date: Date): string {
  const iso = date.toISOString();
  if (iso.endsWith("T00:00:00.000Z")) return iso.slice(0, 10);
  return iso.replace(/\.000Z$|Z$/, "");
}

function richText(text: string | ExcelJS.CellRichTextValue | undefined): string {
  if (text === undefined) return "";
  return typeof text === "string" ? text : text.richText.map((part) => part.text).join("");
}

/** A link's target as a manifest cell: `file:` URLs become paths; links inside the workbook (`#Sheet2!A1`) are not targets. */
function linkTarget(link: string): string | undefined {
  if (link.startsWith("#") || link.trim() === "") return undefined;
  if (/^file:/i.test(link)) {
    try {
      return fileURLToPath(link);
    } catch {
      return link;
    }
  }
  return link;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
