import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/summarize.js";
import { INJECTED_NAME, runHostileCampaign } from "./fixture.js";

let report: Report;
let records: Record<string, string>[];

describe("report.csv", () => {
  beforeAll(async () => {
    const ran = await runHostileCampaign();
    report = ran.report;
    const text = readFileSync(join(ran.outDir, "report.csv"), "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    records = parse(text.slice(1), { columns: true }) as Record<string, string>[];
  });

  it("has one record per job, in the order of report.json", () => {
    expect(records.map((r) => r.job_key)).toEqual(report.jobs.map((j) => j.job_key));
    expect(records.map((r) => r.status).sort()).toEqual(["downloaded", "downloaded", "downloaded", "failed"]);
  });

  it("keeps a job named like a formula as text: a leading apostrophe, never a leading =", () => {
    const hostile = records.find((r) => r.name?.includes("HYPERLINK"));
    expect(hostile?.name).toBe(`'${INJECTED_NAME}`);
    for (const record of records) {
      for (const [column, value] of Object.entries(record)) {
        // Numbers are written as numbers (never negative here); every text cell is escaped.
        if (value !== "" && !Number.isNaN(Number(value)) && column !== "task_id") continue;
        expect(value, `${column}: ${value}`).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });

  it("writes the money of report.json unchanged", () => {
    for (const [i, job] of report.jobs.entries()) {
      expect(Number(records[i]?.estimated_usd)).toBe(job.estimated_usd);
      expect(records[i]?.billed_usd).toBe(job.billed_usd === null ? "" : String(job.billed_usd));
    }
  });
});
