import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { decodeText } from "./decode-text.js";
import type { ManifestProblem } from "./problem.js";
import type { RawSheet } from "./sheet.js";
import { sheetFromTable, type TableRecord } from "./table.js";

export type CsvDelimiter = "," | ";" | "\t";
const DELIMITERS: readonly CsvDelimiter[] = [",", ";", "\t"];

/**
 * Reads a CSV manifest as spreadsheets export it: UTF-8 (BOM or not) or UTF-16, `,` `;` or tab,
 * LF or CRLF, quoted newlines, trailing empty columns, a title row above the header. Row numbers
 * are the file's line numbers, so a message points where a person looks.
 */
export function readCsv(file: string, problems: ManifestProblem[]): RawSheet | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    problems.push({ file, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})` });
    return undefined;
  }
  const decoded = decodeText(bytes);
  if ("problem" in decoded) {
    problems.push({ file, row: decoded.row, message: decoded.problem });
    return undefined;
  }
  let records: TableRecord[];
  try {
    records = parseCsv(decoded.text);
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    problems.push({ file, ...(lines ? { row: lines } : {}), message: `not valid CSV: ${(error as Error).message}` });
    return undefined;
  }
  return sheetFromTable({ file, baseDir: dirname(resolve(file)), records }, problems);
}

/**
 * CSV text -> records, each with the line it starts on. Cells are exactly as written (quoted line
 * ends kept); blank lines are records of one empty cell. Throws csv-parse's error on broken quoting.
 */
export function parseCsv(text: string): TableRecord[] {
  // Excel's "sep=;" first line names the delimiter; it is not a record.
  const sep = /^sep=(.)\r?\n/.exec(text);
  const body = sep ? text.slice(sep[0].length) : text;
  const delimiter = sep?.[1] ?? detectDelimiter(body);
  // relax_quotes: a quote inside an unquoted cell (`5" tall`) is kept, as spreadsheets import it.
  const parsed = parse(body, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, trim: true }) as string[][];
  // Every physical record is returned (no skip_empty_lines), so a record starts one line after the
  // previous one ended; csv-parse's own line count is off for CRLF inside quotes.
  let line = sep ? 2 : 1;
  return parsed.map((cells) => {
    const record = { row: line, cells: cells.map((text) => ({ text })) };
    line += 1 + cells.reduce((sum, cell) => sum + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    return record;
  });
}

/**
 * The delimiter of the first line that has any: the most frequent of `,` `;` and tab outside quotes
 * (a tie goes to the comma). A `;` file may have commas in unquoted prompts, not in its header.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  let quoted = false;
  const counts = new Map<CsvDelimiter, number>();
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) {
      if (counts.size > 0) break;
    } else if (!quoted && (DELIMITERS as readonly string[]).includes(char)) {
      counts.set(char as CsvDelimiter, (counts.get(char as CsvDelimiter) ?? 0) + 1);
    }
  }
  let best: CsvDelimiter = ",";
  for (const delimiter of DELIMITERS) if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}
