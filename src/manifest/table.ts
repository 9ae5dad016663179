import { isColumn, normalizeHeader } from "./columns.js";
import { columnLetters } from "./place.js";
import type { ManifestProblem } from "./problem.js";
import type { RawRow, RawSheet } from "./sheet.js";

/**
 * One cell of a spreadsheet before the header is known. `link` is a hyperlink's target (XLSX);
 * `problem` says why the cell has no usable value (a formula error, a formula never calculated).
 */
export interface TableCell {
  text: string;
  link?: string;
  problem?: string;
}

/** A record of a CSV file or a row of a worksheet, with the line or row number a person sees. */
export interface TableRecord {
  row: number;
  /** Cells by column, the first column at index 0. */
  cells: readonly (TableCell | undefined)[];
}

export interface Table {
  file: string;
  /** XLSX: the worksheet's name; the sheet's places then print as `Sheet1!C7`. */
  sheet?: string;
  baseDir: string;
  records: readonly TableRecord[];
}

/** Columns whose hyperlinks are read as their target (a URL or path); other columns read the shown text. */
const LINK_COLUMNS = new Set(["image", "video"]);

/** How far below the top a header row is looked for (title rows, notes and blank rows above it). */
const HEADER_SEARCH_ROWS = 10;

/** Cell text as a manifest reads it: line ends made `\n` (CSV exports differ), outer spaces trimmed. */
export function cellText(text: string): string {
  return text.replace(/\r\n?/g, "\n").trim();
}

function isEmpty(record: TableRecord): boolean {
  return record.cells.every((cell) => cell === undefined || (cellText(cell.text) === "" && cell.problem === undefined));
}

/**
 * The header row: the first of the top non-empty rows naming at least two manifest columns, so a
 * title row above the header is passed over; failing that, the first non-empty row.
 */
export function findHeader(records: readonly TableRecord[]): number | undefined {
  let first: number | undefined;
  let seen = 0;
  for (let index = 0; index < records.length && seen < HEADER_SEARCH_ROWS; index += 1) {
    const record = records[index];
    if (!record || isEmpty(record)) continue;
    first ??= index;
    seen += 1;
    const names = new Set(record.cells.map((cell) => normalizeHeader(cell?.text ?? "")).filter(isColumn));
    if (names.size >= 2) return index;
  }
  return first;
}

/**
 * Turns a table into a sheet: finds the header, refuses duplicate columns (naming both), skips
 * empty rows, and reports cells without a usable value at their place. Rows above the header
 * (a title) are not read.
 */
export function sheetFromTable(table: Table, problems: ManifestProblem[]): RawSheet | undefined {
  const { file, sheet, records } = table;
  const where = sheet !== undefined ? { file, sheet } : { file };
  const headerIndex = findHeader(records);
  const header = headerIndex === undefined ? undefined : records[headerIndex];
  if (headerIndex === undefined || !header) {
    problems.push({ ...where, message: "the sheet is empty: expected a header row (image, video, ...)" });
    return undefined;
  }
  const xlsx = sheet !== undefined;
  const label = (index: number) => (xlsx ? columnLetters(index + 1) : `column ${index + 1}`);
  const names = header.cells.map((cell) => normalizeHeader(cell?.text ?? ""));
  const letters: Record<string, string> = {};
  const firstIndex = new Map<string, number>();
  names.forEach((name, index) => {
    if (name === "") return;
    const first = firstIndex.get(name);
    if (first === undefined) {
      firstIndex.set(name, index);
      if (xlsx) letters[name] = columnLetters(index + 1);
      return;
    }
    problems.push({
      ...where,
      row: header.row,
      column: name,
      ...(xlsx ? { columnLetter: columnLetters(index + 1) } : {}),
      message: `duplicate column: "${cellText(header.cells[first]?.text ?? "")}" (${label(first)}) and "${cellText(header.cells[index]?.text ?? "")}" (${label(index)}); keep one`,
    });
  });

  const rows: RawRow[] = [];
  for (const record of records.slice(headerIndex + 1)) {
    if (isEmpty(record)) continue;
    const cells: Record<string, string> = {};
    const failedColumns: string[] = [];
    record.cells.forEach((cell, index) => {
      const name = names[index];
      if (!cell || !name || firstIndex.get(name) !== index) return;
      if (cell.problem !== undefined) {
        problems.push({
          ...where,
          row: record.row,
          column: name,
          ...(xlsx ? { columnLetter: columnLetters(index + 1) } : {}),
          message: cell.problem,
        });
        failedColumns.push(name);
        return;
      }
      const text = cellText(LINK_COLUMNS.has(name) && cell.link !== undefined ? cell.link : cell.text);
      if (text !== "") cells[name] = text;
    });
    rows.push({ row: record.row, cells, ...(failedColumns.length > 0 ? { failedColumns } : {}) });
  }
  return { file, ...(xlsx ? { sheet, columnLetters: letters } : {}), baseDir: table.baseDir, rows, defaults: {} };
}
