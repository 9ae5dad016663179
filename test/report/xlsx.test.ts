import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { STATUS_COLOURS } from "../../src/report/status-colour.js";
import type { Report } from "../../src/report/summarize.js";
import { USD_FORMAT } from "../../src/report/write-xlsx.js";
import { INJECTED_NAME, runHostileCampaign } from "./fixture.js";

const JOB_HEADERS = [
  "Manifest row",
  "Campaign",
  "Name",
  "Provider",
  "Model",
  "Mode",
  "Orientation",
  "Status",
  "Error",
  "Estimated (USD)",
  "Billed (USD)",
  "Billed seconds",
  "Output",
  "Task id",
  "Job key",
  "channel",
];

let outDir: string;
let report: Report;
let workbook: ExcelJS.Workbook;

/** Row values by header, read back through exceljs. */
function rowsOf(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.Cell>[] {
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.Cell>[] = [];
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1)])));
  }
  return rows;
}

function cellOf(row: Record<string, ExcelJS.Cell>, header: string): ExcelJS.Cell {
  const cell = row[header];
  if (!cell) throw new Error(`no column ${header}`);
  return cell;
}

describe("report.xlsx", () => {
  beforeAll(async () => {
    const ran = await runHostileCampaign();
    expect(ran.result.counts).toEqual({ downloaded: 3, failed: 1 });
    outDir = ran.outDir;
    report = ran.report;
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(outDir, "report.xlsx"));
  });

  it("has a Jobs and a Summary sheet, each with a frozen header row and filters on it", () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Jobs", "Summary"]);
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
      expect(sheet.getRow(1).font?.bold).toBe(true);
    }
  });

  it("lists one row per job under the expected headers, columns as wide as their text", () => {
    const jobs = workbook.getWorksheet("Jobs") as ExcelJS.Worksheet;
    expect((jobs.getRow(1).values as unknown[]).slice(1)).toEqual(JOB_HEADERS);
    expect(jobs.rowCount).toBe(1 + report.jobs.length);
    expect(rowsOf(jobs).map((r) => cellOf(r, "Job key").value)).toEqual(report.jobs.map((j) => j.job_key));
    JOB_HEADERS.forEach((header, i) => {
      const width = jobs.getColumn(i + 1).width ?? 0;
      expect(width).toBeGreaterThanOrEqual(Math.min(60, header.length));
      expect(width).toBeLessThanOrEqual(60);
    });
    // The job key (64 hex characters) is capped; the name column fits the longest name.
    expect(jobs.getColumn(JOB_HEADERS.indexOf("Job key") + 1).width).toBe(60);
    expect(jobs.getColumn(JOB_HEADERS.indexOf("Name") + 1).width).toBe(`'${INJECTED_NAME}`.length + 2);
  });

  it("links each downloaded output by a path relative to the workbook that names the real file", () => {
    const rows = rowsOf(workbook.getWorksheet("Jobs") as ExcelJS.Worksheet);
    const downloaded = report.jobs.filter((j) => j.status === "downloaded");
    expect(downloaded).toHaveLength(3);
    rows.forEach((row, i) => {
      const job = report.jobs[i];
      const output = cellOf(row, "Output");
      if (job?.status !== "downloaded") {
        expect(output.value).toBeNull();
        return;
      }
      const value = output.value as ExcelJS.CellHyperlinkValue;
      expect(value.text).toBe(job.output_path);
      expect(value.hyperlink).not.toMatch(/^(\/|[a-z]+:)/i);
      expect(existsSync(resolve(outDir, decodeURIComponent(value.hyperlink)))).toBe(true);
    });
  });

  it("writes money as numbers in a currency format and colours each status", () => {
    const rows = rowsOf(workbook.getWorksheet("Jobs") as ExcelJS.Worksheet);
    rows.forEach((row, i) => {
      const job = report.jobs[i];
      if (!job) throw new Error("more rows than jobs");
      const estimated = cellOf(row, "Estimated (USD)");
      expect(estimated.value).toBe(job.estimated_usd);
      expect(estimated.numFmt).toBe(USD_FORMAT);
      const billed = cellOf(row, "Billed (USD)");
      if (job.billed_usd === null) expect(billed.value).toBeNull();
      else {
        expect(billed.value).toBe(job.billed_usd);
        expect(billed.numFmt).toBe(USD_FORMAT);
      }
      const status = cellOf(row, "Status");
      expect(status.value).toBe(job.status);
      const fill = status.fill as ExcelJS.FillPattern;
      expect(fill.fgColor?.argb).toBe(`FF${STATUS_COLOURS[job.status].slice(1).toUpperCase()}`);
    });
    expect(USD_FORMAT).toContain("$");
  });

  it("sums jobs, seconds and cost by campaign, provider and status, then the totals of the report", () => {
    const summary = workbook.getWorksheet("Summary") as ExcelJS.Worksheet;
    expect((summary.getRow(1).values as unknown[]).slice(1)).toEqual([
      "Campaign",
      "Provider",
      "Status",
      "Jobs",
      "Billed seconds",
      "Estimated (USD)",
      "Billed (USD)",
    ]);
    const values = (r: number) => (summary.getRow(r).values as unknown[]).slice(1, 8);
    const spring = report.jobs.filter((j) => j.campaign === "spring");
    const springUsd = spring.reduce((s, j) => s + (j.billed_usd ?? 0), 0);
    expect(values(2).slice(0, 5)).toEqual(["spring", "sim", "downloaded", 3, spring.reduce((s, j) => s + (j.billed_seconds ?? 0), 0)]);
    expect(values(2)[6]).toBeCloseTo(springUsd, 4);
    expect(values(3).slice(0, 4)).toEqual(["summer", "sim", "failed", 1]);
    expect(summary.getRow(4).cellCount).toBe(0);
    expect(values(5)[0]).toBe("Total");
    expect(values(5)[3]).toBe(report.summary.jobs);
    expect(values(5)[4]).toBe(report.summary.billed_seconds);
    expect(values(5)[5]).toBe(report.summary.estimated_usd);
    expect(values(5)[6]).toBe(report.summary.billed_usd);
    expect(summary.getCell(5, 7).numFmt).toBe(USD_FORMAT);
    expect(summary.getCell(2, 3).fill).toMatchObject({ fgColor: { argb: `FF${STATUS_COLOURS.downloaded.slice(1).toUpperCase()}` } });
  });

  it("keeps a job named like a formula, and formula-like tags, as text", () => {
    const rows = rowsOf(workbook.getWorksheet("Jobs") as ExcelJS.Worksheet);
    const hostile = rows.find((r) => String(cellOf(r, "Name").value).includes("HYPERLINK"));
    if (!hostile) throw new Error("the hostile job is missing");
    const name = cellOf(hostile, "Name");
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(name.formula).toBeUndefined();
    expect(name.value).toBe(`'${INJECTED_NAME}`);
    expect(cellOf(hostile, "channel").value).toBe("'@SUM(1+1)");
    const tags = rows.map((r) => cellOf(r, "channel").value);
    expect(tags).toEqual(expect.arrayContaining(["'-2+3", "'+reels"]));
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === "string") expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
        });
      });
    }
  });
});
