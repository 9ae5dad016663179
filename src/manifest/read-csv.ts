import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { normalizeHeader } from "./columns.js";
import type { ManifestProblem } from "./problem.js";
import type { RawRow, RawSheet } from "./sheet.js";

/**
 * Reads a CSV manifest. The first non-empty record is the header. Row numbers are the file's line
 * numbers, so a message points where a person looks.
 */
export function readCsv(file: string, problems: ManifestProblem[]): RawSheet | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    problems.push({ file, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})` });
    return undefined;
  }
  let parsed: { record: string[]; raw: string }[];
  try {
    // Line endings are made \n first: csv-parse counts lines of CRLF files with quoted newlines wrongly.
    parsed = parse(text.replace(/\r\n?/g, "\n"), {
      bom: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; raw: string }[];
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    problems.push({ file, ...(lines ? { row: lines } : {}), message: `not valid CSV: ${(error as Error).message}` });
    return undefined;
  }
  // A record is named by the line it starts on (a quoted prompt may span several lines).
  let linesBefore = 0;
  const records = parsed.map(({ record, raw }) => {
    const skipped = /^\n*/.exec(raw)?.[0].length ?? 0;
    const line = linesBefore + skipped + 1;
    linesBefore += raw.split("\n").length - 1;
    return { record, line };
  });
  const [header, ...body] = records;
  if (!header) {
    problems.push({ file, message: "the file is empty: expected a header row (image, video, ...)" });
    return undefined;
  }
  const names = header.record.map(normalizeHeader);
  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    if (name === "") return;
    const first = seen.get(name);
    if (first !== undefined) {
      problems.push({
        file,
        row: header.line,
        column: name,
        message: `duplicate column: "${header.record[first]}" and "${header.record[index]}"`,
      });
    } else seen.set(name, index);
  });
  const rows: RawRow[] = body.map(({ record, line }) => {
    const cells: Record<string, string> = {};
    record.forEach((value, index) => {
      const name = names[index];
      if (name && value !== "") cells[name] = value;
    });
    return { row: line, cells };
  });
  return { file, baseDir: dirname(resolve(file)), rows, defaults: {} };
}
