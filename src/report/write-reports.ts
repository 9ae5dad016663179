import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MotionbatchError } from "../errors.js";
import type { Ledger } from "../ledger/open-ledger.js";
import { allJobs, rowsOfJobs } from "../ledger/queries.js";
import { type Report, summarize } from "./summarize.js";
import { reportCsv } from "./write-csv.js";
import { reportHtml } from "./write-html.js";
import { reportXlsx } from "./write-xlsx.js";

export const REPORT_FORMATS = ["json", "csv", "xlsx", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** "json,html" -> ["json", "html"]; an unknown name is a usage error that lists the known ones. */
export function parseReportFormats(text: string): ReportFormat[] {
  const names = text
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  const unknown = names.filter((name) => !(REPORT_FORMATS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0)
    throw new MotionbatchError(
      "E_USAGE",
      `--format expects one or more of ${REPORT_FORMATS.join(", ")} separated by commas; got "${unknown[0] ?? text}"`,
    );
  return REPORT_FORMATS.filter((format) => names.includes(format));
}

/**
 * Writes the reports into `outDir` from the ledger, each atomically (a temporary file, then a
 * rename), so a report read mid-run or by a second `motionbatch report` is never half written.
 */
export async function writeReports(
  ledger: Ledger,
  outDir: string,
  options: { formats?: readonly ReportFormat[]; now?: Date } = {},
): Promise<{ report: Report; files: string[] }> {
  const report = summarize(allJobs(ledger), rowsOfJobs(ledger), { ledger: ledger.path, baseDir: outDir, now: options.now ?? new Date() });
  const formats = options.formats ?? REPORT_FORMATS;
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  for (const format of REPORT_FORMATS) {
    if (!formats.includes(format)) continue;
    const path = join(outDir, `report.${format}`);
    writeAtomic(path, await render(format, report, outDir));
    files.push(path);
  }
  return { report, files };
}

async function render(format: ReportFormat, report: Report, outDir: string): Promise<string | Buffer> {
  switch (format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "csv":
      return reportCsv(report);
    case "xlsx":
      return reportXlsx(report);
    case "html":
      return reportHtml(report, outDir);
  }
}

function writeAtomic(path: string, data: string | Buffer): void {
  // One temporary name per process: a `report` run mid-run never writes over the run's own.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}
