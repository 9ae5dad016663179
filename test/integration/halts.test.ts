import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openLedger } from "../../src/ledger/open-ledger.js";
import { allJobs } from "../../src/ledger/queries.js";
import { makePlan } from "../../src/plan/make-plan.js";
import { runBatch } from "../../src/runner/run-batch.js";
import type { RunEvent } from "../../src/runner/run-event.js";
import { doubleCharged, readSimBilling } from "../helpers/billing.js";
import { fastSim } from "../helpers/cli.js";
import { EXAMPLE_MANIFEST, tempDir } from "../helpers/paths.js";

describe("when the provider runs out of credits", () => {
  it("halts that provider with exit 4, keeps every paid output, and the next run finishes the rest", async () => {
    const dir = tempDir();
    const ledgerPath = join(dir, "ledger.sqlite");
    const outDir = join(dir, "out");
    const events: RunEvent[] = [];
    const plan = await makePlan([EXAMPLE_MANIFEST]);
    const poor = await runBatch(plan, {
      ledgerPath,
      outDir,
      env: { ...fastSim(), MOTIONBATCH_SIM_CREDITS_USD: "2" },
      onEvent: (e) => events.push(e),
    });
    expect(poor.exitCode).toBe(4);
    expect(poor.halted).toEqual([{ provider: "sim", reason: expect.stringMatching(/code 1102/) }]);
    expect(events.some((e) => e.type === "halted")).toBe(true);
    const billedFirst = readSimBilling(ledgerPath);
    const spent = billedFirst.reduce((sum, b) => sum + b.usd, 0);
    expect(spent).toBeLessThanOrEqual(2);

    let ledger = openLedger(ledgerPath, { mustExist: true });
    const afterHalt = allJobs(ledger);
    ledger.close();
    const downloaded = afterHalt.filter((j) => j.state === "downloaded");
    expect(downloaded.length).toBe(billedFirst.filter((b) => b.kind === "charge").length);
    expect(afterHalt.filter((j) => j.state === "planned").length).toBe(12 - downloaded.length);

    // Credits topped up: the same command finishes the batch without paying for anything twice.
    const rich = await runBatch(await makePlan([EXAMPLE_MANIFEST]), { ledgerPath, outDir, env: fastSim() });
    expect(rich.exitCode).toBe(0);
    ledger = openLedger(ledgerPath, { mustExist: true });
    expect(allJobs(ledger).every((j) => j.state === "downloaded")).toBe(true);
    ledger.close();
    const billing = readSimBilling(ledgerPath);
    expect(billing.filter((b) => b.kind === "charge")).toHaveLength(12);
    expect(doubleCharged(billing)).toEqual([]);
  });
});

describe("a task that fails at the provider", () => {
  it("ends failed with the provider's reason and class, and the run exits 3", async () => {
    const dir = tempDir();
    const manifest = join(dir, "fail.yaml");
    const { writeFileSync } = await import("node:fs");
    const assets = join(EXAMPLE_MANIFEST, "..", "assets");
    writeFileSync(
      manifest,
      [
        "campaign: failing",
        "defaults: { provider: sim, orientation: image }",
        "jobs:",
        `  - { name: ok, image: ${join(assets, "characters", "ava.png")}, video: ${join(assets, "moves", "wave.mp4")} }`,
        `  - { name: bad, image: ${join(assets, "characters", "ben.png")}, video: ${join(assets, "moves", "wave.mp4")}, prompt: "[sim:fail]" }`,
      ].join("\n"),
    );
    const result = await runBatch(await makePlan([manifest]), {
      ledgerPath: join(dir, "l.sqlite"),
      outDir: join(dir, "out"),
      env: fastSim(),
    });
    expect(result.exitCode).toBe(3);
    expect(result.counts).toEqual({ downloaded: 1, failed: 1 });
    const ledger = openLedger(join(dir, "l.sqlite"), { mustExist: true });
    const failed = allJobs(ledger).find((j) => j.state === "failed");
    ledger.close();
    expect(failed?.name).toBe("bad");
    expect(failed?.failure_class).toBe("content-policy");
    expect(failed?.error).toMatch(/risk control/);
  });
});

describe("jobs of an earlier run that are still in flight", () => {
  it("are polled and downloaded by a run of another manifest, not left behind", async () => {
    const dir = tempDir();
    const ledgerPath = join(dir, "ledger.sqlite");
    const outDir = join(dir, "out");
    const controller = new AbortController();
    // Stop the example as soon as a few jobs are submitted (paid, running).
    const first = await runBatch(await makePlan([EXAMPLE_MANIFEST]), {
      ledgerPath,
      outDir,
      env: fastSim(400),
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === "job" && e.to === "submitted") controller.abort();
      },
    });
    expect(first.exitCode).toBe(130);
    const paidEarly = readSimBilling(ledgerPath).filter((b) => b.kind === "charge").length;
    expect(paidEarly).toBeGreaterThan(0);

    // A different manifest (one job) on the same ledger.
    const other = join(dir, "other.yaml");
    const { writeFileSync } = await import("node:fs");
    const assets = join(EXAMPLE_MANIFEST, "..", "assets");
    writeFileSync(
      other,
      `defaults: { provider: sim }\njobs:\n  - { image: ${join(assets, "characters", "ava.png")}, video: ${join(assets, "moves", "wave.mp4")}, prompt: other }\n`,
    );
    const events: RunEvent[] = [];
    const second = await runBatch(await makePlan([other]), { ledgerPath, outDir, env: fastSim(), onEvent: (e) => events.push(e) });
    expect(second.exitCode).toBe(0);
    expect(events.some((e) => e.type === "notice" && /earlier runs are still in flight/.test(e.message))).toBe(true);
    const ledger = openLedger(ledgerPath, { mustExist: true });
    const downloaded = allJobs(ledger).filter((j) => j.state === "downloaded");
    ledger.close();
    // Every job that was paid for has its output, plus the new job.
    expect(downloaded.length).toBe(paidEarly + 1);
  });
});
