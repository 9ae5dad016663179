import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { MULTI_VALUE_SEPARATOR, normalizeHeader } from "./columns.js";
import type { ManifestProblem } from "./problem.js";
import { readCsv } from "./read-csv.js";
import type { RawRow, RawSheet } from "./sheet.js";

/**
 * A YAML campaign file:
 *
 * ```yaml
 * campaign: spring-launch
 * defaults: { provider: sim, orientation: image|video }
 * sheets: [characters.csv]        # CSV sheets, relative to this file; defaults apply to their rows
 * jobs:                           # and/or rows written inline
 *   - { image: a.png, video: [wave.mp4, spin.mp4] }
 * ```
 */
export function readYaml(file: string, problems: ManifestProblem[]): RawSheet[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    problems.push({ file, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})` });
    return [];
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: Node | null | undefined): number | undefined => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0]?.line;
      problems.push({ file, ...(line ? { row: line } : {}), message: `not valid YAML: ${error.message.split("\n")[0]}` });
    }
    return [];
  }
  const root = doc.contents;
  if (!isMap(root)) {
    problems.push({ file, message: "expected a mapping with `sheets:` and/or `jobs:` (and optional `campaign:`, `defaults:`)" });
    return [];
  }
  const baseDir = dirname(resolve(file));
  const defaults: Record<string, string> = {};
  const known = new Set(["campaign", "defaults", "sheets", "jobs"]);
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (!known.has(key)) {
      problems.push({
        file,
        row: lineOf(pair.key as Node),
        column: key,
        message: `unknown key "${key}"; expected campaign, defaults, sheets or jobs`,
      });
    }
  }
  const campaign = root.get("campaign", true);
  if (campaign !== undefined) defaults.campaign = cellText(campaign);

  const defaultsNode = root.get("defaults", true);
  if (defaultsNode !== undefined) {
    if (!isMap(defaultsNode)) {
      problems.push({ file, row: lineOf(defaultsNode as Node), column: "defaults", message: "expected a mapping of column: value" });
    } else {
      Object.assign(defaults, mapCells(defaultsNode.items));
    }
  }

  const sheets: RawSheet[] = [];
  const sheetsNode = root.get("sheets", true);
  if (sheetsNode !== undefined) {
    const items = isSeq(sheetsNode) ? sheetsNode.items : [sheetsNode];
    for (const item of items) {
      const path = isScalar(item) ? String(item.value) : "";
      if (!path) {
        problems.push({ file, row: lineOf(item as Node), column: "sheets", message: "expected a CSV file path" });
        continue;
      }
      const absolute = resolve(baseDir, path);
      const sheet = readCsv(relative(process.cwd(), absolute) || absolute, problems);
      if (sheet) sheets.push({ ...sheet, defaults: { ...defaults } });
    }
  }

  const jobsNode = root.get("jobs", true);
  if (jobsNode !== undefined) {
    if (!isSeq(jobsNode)) {
      problems.push({ file, row: lineOf(jobsNode as Node), column: "jobs", message: "expected a list of rows" });
    } else {
      const rows: RawRow[] = [];
      for (const item of jobsNode.items) {
        if (!isMap(item)) {
          problems.push({ file, row: lineOf(item as Node), column: "jobs", message: "expected each job to be a mapping of column: value" });
          continue;
        }
        rows.push({ row: lineOf(item) ?? 0, cells: mapCells(item.items) });
      }
      sheets.push({ file, baseDir, rows, defaults });
    }
  }
  if (sheetsNode === undefined && jobsNode === undefined) {
    problems.push({ file, message: "no jobs: add `sheets:` (CSV files) or `jobs:` (rows)" });
  }
  return sheets;
}

function mapCells(pairs: readonly { key: unknown; value: unknown }[]): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const pair of pairs) {
    if (!isScalar(pair.key)) continue;
    const text = cellText(pair.value);
    if (text !== "") cells[normalizeHeader(String(pair.key.value))] = text;
  }
  return cells;
}

/** A YAML value as cell text: lists become multi-value cells. */
function cellText(node: unknown): string {
  if (isSeq(node)) return node.items.map(cellText).filter(Boolean).join(` ${MULTI_VALUE_SEPARATOR} `);
  if (isScalar(node)) return node.value === null || node.value === undefined ? "" : String(node.value).trim();
  return "";
}
