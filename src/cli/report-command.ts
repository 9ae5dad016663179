import { resolve } from "node:path";
import { openLedger } from "../ledger/open-ledger.js";
import { parseReportFormats, REPORT_FORMATS, writeReports } from "../report/write-reports.js";
import { stateCounts, usd } from "./format.js";
import { DEFAULT_LEDGER, DEFAULT_OUT, parseOptions } from "./options.js";

const USAGE = `motionbatch report [--ledger FILE] [--out DIR] [--format ${REPORT_FORMATS.join(",")}]`;

/** Rewrites the reports from the ledger at any time, mid-run too (it only reads the ledger). */
export async function reportCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      ledger: { type: "string", default: DEFAULT_LEDGER },
      out: { type: "string", default: DEFAULT_OUT },
      format: { type: "string", default: REPORT_FORMATS.join(",") },
    },
    USAGE,
  );
  const formats = parseReportFormats(values.format);
  const ledger = openLedger(values.ledger, { mustExist: true });
  try {
    const { report, files } = await writeReports(ledger, resolve(values.out), { formats });
    process.stdout.write(`${stateCounts(report.summary.by_status)}; billed ${usd(report.summary.billed_usd)}\nwrote ${files.join(", ")}\n`);
  } finally {
    ledger.close();
  }
  return 0;
}
