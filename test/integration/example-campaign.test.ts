import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openLedger } from "../../src/ledger/open-ledger.js";
import { allJobs } from "../../src/ledger/queries.js";
import { probeFile } from "../../src/media/probe.js";
import { makePlan } from "../../src/plan/make-plan.js";
import { writeReports } from "../../src/report/write-reports.js";
import { runBatch } from "../../src/runner/run-batch.js";
import { doubleCharged, readSimBilling } from "../helpers/billing.js";
import { fastSim } from "../helpers/cli.js";
import { EXAMPLE_MANIFEST, tempDir } from "../helpers/paths.js";

describe("the example campaign on the built-in simulator", () => {
  it("expands to 12 jobs, downloads 12 playable videos, bills each once and reports them", async () => {
    const dir = tempDir();
    const ledgerPath = join(dir, "ledger.sqlite");
    const outDir = join(dir, "out");
    const plan = await makePlan([EXAMPLE_MANIFEST]);
    expect(plan.jobs).toHaveLength(12);
    expect(new Set(plan.jobs.map((j) => j.job.key)).size).toBe(12);

    const result = await runBatch(plan, { ledgerPath, outDir, env: fastSim() });
    expect(result.exitCode).toBe(0);
    expect(result.counts).toEqual({ downloaded: 12 });

    const ledger = openLedger(ledgerPath, { mustExist: true });
    try {
      const jobs = allJobs(ledger);
      for (const job of jobs) {
        expect(job.output_path).toBeTruthy();
        const bytes = readFileSync(job.output_path as string);
        expect(bytes.length).toBe(job.output_bytes);
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(job.output_sha256);
        const facts = await probeFile(job.output_path as string);
        expect(facts.kind).toBe("video");
        expect(facts.format).toBe("MPEG-4");
        // The output is as long as the reference video (3, 4 or 5 s): billed per second.
        expect(Math.abs((facts.durationSeconds ?? 0) - (job.billed_seconds ?? -1))).toBeLessThan(0.1);
      }
      const { report } = await writeReports(ledger, outDir);
      expect(report.summary.by_status.downloaded).toBe(12);
      expect(report.summary.billed_seconds).toBe(2 * 2 * (3 + 4 + 5));
      expect(report.summary.billed_usd).toBeCloseTo(48 * 0.126, 4);
      const first = report.jobs[0];
      expect(first).toBeDefined();
      for (const field of [
        "job_key",
        "rows",
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
      ]) {
        expect(first).toHaveProperty(field);
      }
      expect(first?.rows[0]).toMatch(/example\.csv:\d+$/);
      expect(first?.output_path).toMatch(/^spring-launch\//);
      const csv = readFileSync(join(outDir, "report.csv"), "utf8");
      expect(csv.trim().split("\r\n")).toHaveLength(13);
    } finally {
      ledger.close();
    }

    const billing = readSimBilling(ledgerPath);
    expect(billing.filter((b) => b.kind === "charge")).toHaveLength(12);
    expect(doubleCharged(billing)).toEqual([]);
  });

  it("re-running a finished batch submits nothing and changes nothing", async () => {
    const dir = tempDir();
    const ledgerPath = join(dir, "ledger.sqlite");
    const outDir = join(dir, "out");
    const plan = await makePlan([EXAMPLE_MANIFEST]);
    await runBatch(plan, { ledgerPath, outDir, env: fastSim() });
    const chargesBefore = readSimBilling(ledgerPath).length;

    const again = await runBatch(await makePlan([EXAMPLE_MANIFEST]), { ledgerPath, outDir, env: fastSim() });
    expect(again.exitCode).toBe(0);
    expect(again.added).toBe(0);
    expect(again.existing).toBe(12);
    expect(readSimBilling(ledgerPath)).toHaveLength(chargesBefore);
  });
});
