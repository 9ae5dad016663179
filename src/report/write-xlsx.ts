import type ExcelJS from "exceljs";
import type { JobState } from "../ledger/job-state.js";
import { groupJobs } from "./group-jobs.js";
import { href } from "./href.js";
import { safeCell } from "./safe-cell.js";
import { STATUS_COLOURS } from "./status-colour.js";
import type { Report, ReportJob } from "./summarize.js";

/** Dollars with cents; the cell keeps the exact amount (to 1/10000 of a dollar). */
export const USD_FORMAT = '"$"#,##0.00';

type Kind = "text" | "usd" | "number" | "status" | "link";
type Value = string | number | null;
interface ColumnSpec {
  header: string;
  kind: Kind;
  value: (job: ReportJob) => Value;
}

const JOB_COLUMNS: readonly ColumnSpec[] = [
  { header: "Manifest row", kind: "text", value: (j) => j.rows.join(" ") },
  { header: "Campaign", kind: "text", value: (j) => j.campaign },
  { header: "Name", kind: "text", value: (j) => j.name },
  { header: "Provider", kind: "text", value: (j) => j.provider },
  { header: "Model", kind: "text", value: (j) => j.model },
  { header: "Mode", kind: "text", value: (j) => j.mode },
  { header: "Orientation", kind: "text", value: (j) => j.orientation },
  { header: "Status", kind: "status", value: (j) => j.status },
  { header: "Error", kind: "text", value: (j) => j.error },
  { header: "Estimated (USD)", kind: "usd", value: (j) => j.estimated_usd },
  { header: "Billed (USD)", kind: "usd", value: (j) => j.billed_usd },
  { header: "Billed seconds", kind: "number", value: (j) => j.billed_seconds },
  { header: "Output", kind: "link", value: (j) => j.output_path },
  { header: "Task id", kind: "text", value: (j) => j.task_id },
  { header: "Job key", kind: "text", value: (j) => j.job_key },
];

const SUMMARY_HEADERS = ["Campaign", "Provider", "Status", "Jobs", "Billed seconds", "Estimated (USD)", "Billed (USD)"] as const;

const WIDTH = { min: 6, max: 60 } as const;

/**
 * report.xlsx: a Jobs sheet (one row per job, status coloured, money as currency, the output as a
 * link relative to the workbook) and a Summary sheet (by campaign, provider and status, then the
 * totals of `summarize`). Every text cell goes through `safeCell`, so user text never runs as a
 * formula. exceljs is loaded on first use: it takes about half a second to load.
 */
export async function reportXlsx(report: Report): Promise<Buffer> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  workbook.creator = "motionbatch";
  workbook.created = new Date(report.generated_at);
  addJobsSheet(workbook, report);
  addSummarySheet(workbook, report);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addJobsSheet(workbook: ExcelJS.Workbook, report: Report): void {
  const tagNames = [...new Set(report.jobs.flatMap((j) => Object.keys(j.tags)))].sort();
  const columns: ColumnSpec[] = [
    ...JOB_COLUMNS,
    ...tagNames.map((tag): ColumnSpec => ({ header: tag, kind: "text", value: (j) => j.tags[tag] ?? null })),
  ];
  const sheet = workbook.addWorksheet("Jobs", { views: [{ state: "frozen", ySplit: 1 }] });
  addHeader(
    sheet,
    columns.map((c) => c.header),
  );
  for (const job of report.jobs) {
    const row = sheet.addRow([]);
    columns.forEach((column, i) => {
      writeCell(row.getCell(i + 1), column.kind, column.value(job));
    });
  }
  finishSheet(sheet, columns.length);
}

function addSummarySheet(workbook: ExcelJS.Workbook, report: Report): void {
  const sheet = workbook.addWorksheet("Summary", { views: [{ state: "frozen", ySplit: 1 }] });
  addHeader(sheet, SUMMARY_HEADERS);
  const kinds: Kind[] = ["text", "text", "status", "number", "number", "usd", "usd"];
  const put = (values: Value[], bold = false) => {
    const row = sheet.addRow([]);
    values.forEach((value, i) => {
      writeCell(row.getCell(i + 1), kinds[i] ?? "text", value);
    });
    if (bold) row.font = { bold: true };
  };
  for (const group of groupJobs(report.jobs, (j) => [j.campaign, j.provider, j.status])) {
    put([...group.key, group.jobs, group.billed_seconds, group.estimated_usd, group.billed_usd]);
  }
  // A blank row keeps the totals out of the filter's range.
  sheet.addRow([]);
  const s = report.summary;
  put(["Total", null, null, s.jobs, s.billed_seconds, s.estimated_usd, s.billed_usd], true);
  put(["Possibly billed (outcome unknown)", null, null, null, null, s.possibly_billed_usd, null]);
  put(["Paid outputs lost (link expired)", null, null, s.by_status.output_expired, null, s.lost_usd, null]);
  put([`Generated ${report.generated_at}`]);
  finishSheet(sheet, SUMMARY_HEADERS.length);
}

function addHeader(sheet: ExcelJS.Worksheet, headers: readonly string[]): void {
  const row = sheet.addRow(headers.map(safeCell));
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE0E0E0" } };
  });
}

function writeCell(cell: ExcelJS.Cell, kind: Kind, value: Value): void {
  if (value === null) return;
  if (typeof value === "number") {
    cell.value = value;
    if (kind === "usd") cell.numFmt = USD_FORMAT;
    return;
  }
  if (kind === "link") {
    // report.output_path is already relative to the output folder, where the workbook is.
    cell.value = { text: safeCell(value), hyperlink: href(value, ".") };
    cell.font = { color: { argb: "FF0563C1" }, underline: true };
    return;
  }
  cell.value = safeCell(value);
  if (kind === "status") {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(STATUS_COLOURS[value as JobState] ?? "#757575") } };
    cell.font = { bold: true, color: { argb: "FFFFFFFF" } };
  }
}

/** Filters on the header, and each column as wide as its longest value (within limits). */
function finishSheet(sheet: ExcelJS.Worksheet, columnCount: number): void {
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columnCount } };
  for (let i = 1; i <= columnCount; i += 1) {
    const column = sheet.getColumn(i);
    let longest = 0;
    column.eachCell({ includeEmpty: false }, (cell) => {
      longest = Math.max(longest, displayLength(cell));
    });
    column.width = Math.min(WIDTH.max, Math.max(WIDTH.min, longest + 2));
  }
}

function displayLength(cell: ExcelJS.Cell): number {
  const value = cell.value;
  if (typeof value === "number") return cell.numFmt === USD_FORMAT ? `$${value.toFixed(2)}`.length + 1 : String(value).length;
  if (value && typeof value === "object" && "text" in value) return String(value.text).length;
  return String(value ?? "").length;
}

function argb(hex: string): string {
  return `FF${hex.replace(/^#/, "").toUpperCase()}`;
}
