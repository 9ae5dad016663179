import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Ledger } from "../ledger/open-ledger.js";
import { allJobs, rowsOfJobs } from "../ledger/queries.js";
import { type Report, summarize } from "./summarize.js";
import { reportCsv } from "./write-csv.js";

/** Writes report.json and report.csv into `outDir` from the ledger (each atomically). */
export function writeReports(ledger: Ledger, outDir: string, now = new Date()): { report: Report; files: string[] } {
  const report = summarize(allJobs(ledger), rowsOfJobs(ledger), { ledger: ledger.path, baseDir: outDir, now });
  mkdirSync(outDir, { recursive: true });
  const files = [
    writeAtomic(join(outDir, "report.json"), `${JSON.stringify(report, null, 2)}\n`),
    writeAtomic(join(outDir, "report.csv"), reportCsv(report)),
  ];
  return { report, files };
}

function writeAtomic(path: string, text: string): string {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
  return path;
}
