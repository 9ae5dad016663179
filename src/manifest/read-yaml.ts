import { readFileSync } from "node:fs";
import { dirname, extname, relative, resolve } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from "yaml";
import { MULTI_VALUE_SEPARATOR, normalizeHeader } from "./columns.js";
import { expandInput } from "./input-glob.js";
import { type OutputTemplate, parseOutputTemplate } from "./output-template.js";
import type { ManifestProblem } from "./problem.js";
import { readCsv } from "./read-csv.js";
import { readXlsx } from "./read-xlsx.js";
import type { RawRow, RawSheet } from "./sheet.js";

const TOP_KEYS = ["campaign", "output", "defaults", "sheets", "jobs"] as const;

/** Axis names may be written in the plural in YAML: `images: assets/characters/*.png`. */
const PLURALS: Record<string, string> = {
  images: "image",
  videos: "video",
  orientations: "orientation",
  modes: "mode",
  models: "model",
  providers: "provider",
};

/** Columns whose values are input files: lists, globs, paths relative to the YAML file. */
const INPUT_COLUMNS = new Set(["image", "video"]);

/**
 * A YAML campaign file:
 *
 * ```yaml
 * campaign: spring-launch
 * output: "{campaign}/{name}_{orientation}_{mode}"     # optional output name template
 * defaults: { provider: sim, orientation: [image, video] }
 * sheets:                                              # CSV / XLSX sheets, relative to this file
 *   - characters.csv
 *   - { file: book.xlsx, sheet: Summer }
 * jobs:                                                # and/or rows written inline
 *   - { name: hero, images: assets/characters/*.png, videos: [moves/wave.mp4, moves/spin.mp4] }
 * ```
 *
 * Defaults and the template apply to every sheet and inline job. Inputs written in the YAML file
 * (lists or globs) are relative to it; inputs in a sheet are relative to the sheet.
 */
export async function readYaml(file: string, problems: ManifestProblem[]): Promise<RawSheet[]> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    problems.push({ file, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})` });
    return [];
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as Node | null | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  const at = (node: unknown, column?: string) => {
    const row = lineOf(node);
    return { file, ...(row !== undefined ? { row } : {}), ...(column !== undefined ? { column } : {}) };
  };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0]?.line;
      problems.push({ file, ...(line ? { row: line } : {}), message: `not valid YAML: ${error.message.split("\n")[0]}` });
    }
    return [];
  }
  const root = doc.contents;
  if (!isMap(root)) {
    problems.push({ file, message: "expected a mapping with `sheets:` and/or `jobs:` (and optional `campaign:`, `defaults:`, `output:`)" });
    return [];
  }
  const baseDir = dirname(resolve(file));
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (!(TOP_KEYS as readonly string[]).includes(key)) {
      problems.push({ ...at(pair.key, key), message: `unknown key "${key}"; expected ${TOP_KEYS.join(", ")}` });
    }
  }

  /** A mapping of column: value -> cells; inputs expanded (lists, globs) and made absolute when `absolute`. */
  const cellsOf = (pairs: readonly Pair[], absolute: boolean, failed: string[]): Record<string, string> => {
    const cells: Record<string, string> = {};
    const keyNodes = new Map<string, unknown>();
    for (const pair of pairs) {
      if (!isScalar(pair.key)) continue;
      const written = String(pair.key.value);
      const column = PLURALS[normalizeHeader(written)] ?? normalizeHeader(written);
      if (keyNodes.has(column)) {
        problems.push({
          ...at(pair.key, column),
          message: `"${written}" repeats the column ${column}; write it once (a list gives several values)`,
        });
        continue;
      }
      keyNodes.set(column, pair.key);
      const values = INPUT_COLUMNS.has(column) ? inputValues(pair.value, column, absolute, failed) : scalarValues(pair.value);
      const joined = values.join(` ${MULTI_VALUE_SEPARATOR} `);
      if (joined !== "") cells[column] = joined;
    }
    return cells;
  };
  /** Input values, lists and globs expanded; a glob that matches nothing is a problem and marks the column failed. */
  const inputValues = (node: unknown, column: string, absolute: boolean, failed: string[]): string[] => {
    const items = isSeq(node) ? node.items : [node];
    const values: string[] = [];
    for (const item of items) {
      const [value] = scalarValues(item);
      if (value === undefined) continue;
      const files = expandInput(value, baseDir);
      if (files === undefined) {
        problems.push({ ...at(item, column), message: `no file matches "${value}" (looked in ${baseDir})` });
        failed.push(column);
        continue;
      }
      values.push(...(absolute ? files.map(resolveInput) : files));
    }
    return values;
  };
  const resolveInput = (value: string): string => (/^https?:\/\//i.test(value) ? value : resolve(baseDir, value));

  const defaults: Record<string, string> = {};
  // Columns of the defaults with a reported problem: every row then skips them (no second message).
  const failedDefaults: string[] = [];
  const campaign = root.get("campaign", true);
  if (campaign !== undefined) defaults.campaign = scalarValues(campaign).join(" ");

  const defaultsNode = root.get("defaults", true);
  if (defaultsNode !== undefined) {
    if (!isMap(defaultsNode)) problems.push({ ...at(defaultsNode, "defaults"), message: "expected a mapping of column: value" });
    // Defaults also fill sheets elsewhere, so their inputs are made absolute (relative to this file).
    else Object.assign(defaults, cellsOf(defaultsNode.items as Pair[], true, failedDefaults));
  }

  let outputTemplate: OutputTemplate | undefined;
  const outputNode = root.get("output", true);
  if (outputNode !== undefined) {
    const parsed = isScalar(outputNode) && typeof outputNode.value === "string" ? parseOutputTemplate(outputNode.value) : undefined;
    if (parsed === undefined)
      problems.push({ ...at(outputNode, "output"), message: 'expected a template such as "{campaign}/{name}_{orientation}_{mode}"' });
    else if ("problem" in parsed) problems.push({ ...at(outputNode, "output"), message: parsed.problem });
    else outputTemplate = parsed;
  }
  const shared = { defaults, ...(outputTemplate ? { outputTemplate } : {}) };

  const sheets: RawSheet[] = [];
  const sheetsNode = root.get("sheets", true);
  if (sheetsNode !== undefined) {
    const items = isSeq(sheetsNode) ? sheetsNode.items : [sheetsNode];
    for (const item of items) {
      const entry = sheetEntry(item);
      if (typeof entry === "string") {
        problems.push({ ...at(item, "sheets"), message: entry });
        continue;
      }
      const absolute = resolve(baseDir, entry.file);
      const path = relative(process.cwd(), absolute) || absolute;
      const extension = extname(path).toLowerCase();
      let sheet: RawSheet | undefined;
      if (extension === ".xlsx") sheet = await readXlsx(path, entry.sheet !== undefined ? { sheet: entry.sheet } : {}, problems);
      else if (entry.sheet !== undefined)
        problems.push({ ...at(item, "sheets"), message: `"sheet:" is for .xlsx files; ${entry.file} is not one` });
      else if ([".csv", ".tsv", ".txt"].includes(extension)) sheet = readCsv(path, problems);
      else problems.push({ ...at(item, "sheets"), message: `expected a .csv or .xlsx sheet; got "${entry.file}"` });
      if (!sheet) continue;
      const rows =
        failedDefaults.length === 0
          ? sheet.rows
          : sheet.rows.map((row) => ({ ...row, failedColumns: [...(row.failedColumns ?? []), ...failedDefaults] }));
      sheets.push({ ...sheet, ...shared, rows, defaults: { ...defaults } });
    }
  }

  const jobsNode = root.get("jobs", true);
  if (jobsNode !== undefined) {
    if (!isSeq(jobsNode)) {
      problems.push({ ...at(jobsNode, "jobs"), message: "expected a list of rows" });
    } else {
      const rows: RawRow[] = [];
      for (const item of jobsNode.items) {
        if (!isMap(item)) {
          problems.push({ ...at(item, "jobs"), message: "expected each job to be a mapping of column: value" });
          continue;
        }
        const failed = [...failedDefaults];
        const cells = cellsOf(item.items as Pair[], false, failed);
        rows.push({ row: lineOf(item) ?? 0, cells, ...(failed.length > 0 ? { failedColumns: failed } : {}) });
      }
      sheets.push({ file, baseDir, rows, ...shared });
    }
  }
  if (sheetsNode === undefined && jobsNode === undefined) {
    problems.push({ file, message: "no jobs: add `sheets:` (CSV or XLSX files) or `jobs:` (rows)" });
  }
  return sheets;
}

/** A `sheets:` entry: `characters.csv`, or `{ file: book.xlsx, sheet: Summer }`; a string is a problem. */
function sheetEntry(item: unknown): { file: string; sheet?: string } | string {
  if (isScalar(item) && item.value !== null && String(item.value).trim() !== "") return { file: String(item.value).trim() };
  if (isMap(item)) {
    const file = item.get("file");
    const raw = item.get("sheet");
    const sheet = typeof raw === "number" ? String(raw) : raw;
    const unknown = item.items
      .map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ""))
      .filter((key) => key !== "file" && key !== "sheet");
    if (unknown.length > 0) return `unknown key ${unknown.map((key) => `"${key}"`).join(", ")} in a sheet; expected file and sheet`;
    if (typeof file !== "string" || file.trim() === "") return "expected `file:` with the sheet's path";
    if (sheet !== undefined && (typeof sheet !== "string" || sheet.trim() === "")) return "expected `sheet:` to name a worksheet";
    return { file: file.trim(), ...(sheet !== undefined ? { sheet: String(sheet) } : {}) };
  }
  return "expected a CSV or XLSX file path, or { file: ..., sheet: ... }";
}

/** A YAML value as cell values: a list gives several, a scalar one; null or empty gives none. */
function scalarValues(node: unknown): string[] {
  if (isSeq(node)) return node.items.flatMap(scalarValues);
  if (isScalar(node)) {
    if (node.value === null || node.value === undefined) return [];
    const text = String(node.value).trim();
    return text === "" ? [] : [text];
  }
  return [];
}
