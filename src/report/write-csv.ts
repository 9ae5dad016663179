import { safeCell } from "./safe-cell.js";
import type { Report } from "./summarize.js";

const COLUMNS = [
  "job_key",
  "kind",
  "rows",
  "campaign",
  "name",
  "provider",
  "model",
  "mode",
  "orientation",
  "image",
  "video",
  "task_id",
  "status",
  "error",
  "estimated_usd",
  "billed_usd",
  "billed_seconds",
  "output_path",
  "output_sha256",
  "output_bytes",
  "element_id",
] as const;

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** report.csv: one row per job, UTF-8 with a BOM so Excel reads accents right. */
export function reportCsv(report: Report): string {
  const lines = [COLUMNS.join(",")];
  for (const job of report.jobs) {
    const cells = COLUMNS.map((column) => {
      const value = column === "rows" ? job.rows.join(" ") : job[column];
      if (value === null || value === undefined) return "";
      return quote(typeof value === "number" ? String(value) : safeCell(String(value)));
    });
    lines.push(cells.join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
