import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makePlan } from "../../src/plan/make-plan.js";
import { runBatch } from "../../src/runner/run-batch.js";
import type { RunEvent } from "../../src/runner/run-event.js";
import type { FaultRule } from "../../src/simulator/faults.js";
import { readSimBilling } from "../helpers/billing.js";
import { fastSim } from "../helpers/cli.js";
import { assertIntact } from "../helpers/invariants.js";
import { EXAMPLE_MANIFEST, tempDir } from "../helpers/paths.js";

interface Scenario {
  dir: string;
  ledgerPath: string;
  outDir: string;
  events: RunEvent[];
  exitCodes: number[];
}

/** Runs the example campaign against the simulator with these faults, again and again until it is done. */
async function runWithFaults(faults: FaultRule[], env: NodeJS.ProcessEnv = {}, maxRuns = 6): Promise<Scenario> {
  const dir = tempDir();
  const faultFile = join(dir, "faults.json");
  writeFileSync(faultFile, JSON.stringify(faults));
  const scenario: Scenario = { dir, ledgerPath: join(dir, "ledger.sqlite"), outDir: join(dir, "out"), events: [], exitCodes: [] };
  for (let run = 0; run < maxRuns; run += 1) {
    const result = await runBatch(await makePlan([EXAMPLE_MANIFEST]), {
      ledgerPath: scenario.ledgerPath,
      outDir: scenario.outDir,
      env: { ...fastSim(150), MOTIONBATCH_SIM_FAULTS: faultFile, MOTIONBATCH_HTTP_TIMEOUT_MS: "400", ...env },
      onEvent: (e) => scenario.events.push(e),
    });
    scenario.exitCodes.push(result.exitCode);
    if (result.exitCode === 0) break;
  }
  return scenario;
}

const jobEvents = (s: Scenario, to: string) => s.events.filter((e) => e.type === "job" && e.to === to);

describe("the runner under simulator faults (the example campaign, 12 jobs)", () => {
  it("20% of submissions answered by a reset after billing and 5% timing out after billing: every job downloaded once", async () => {
    const s = await runWithFaults([
      { on: "create", action: "reset_after_handling", rate: 0.2 },
      { on: "create", action: "hang_after_handling", rate: 0.05, holdMs: 2_000 },
    ]);
    expect(s.exitCodes.at(-1)).toBe(0);
    // The faults happened: some POST answers were lost and reconciled by client reference.
    expect(jobEvents(s, "unknown").length).toBeGreaterThan(0);
    assertIntact({ ledgerPath: s.ledgerPath, outDir: s.outDir, jobs: 12, allDownloaded: true });
    expect(readSimBilling(s.ledgerPath).filter((b) => b.kind === "charge")).toHaveLength(12);
  });

  it("429 bursts with Retry-After and a full account slow the run down and fail nothing", async () => {
    const s = await runWithFaults([{ on: "create", action: "error", kind: "rate_limited", retryAfterSeconds: 1, count: 3 }], {
      MOTIONBATCH_SIM_ACCOUNT_CONCURRENCY: "2",
    });
    expect(s.exitCodes).toEqual([0]);
    const slowed = s.events.filter((e) => e.type === "job" && e.to === "planned" && /slowing down/.test(e.detail ?? ""));
    expect(slowed.some((e) => e.type === "job" && /code 1302/.test(e.detail ?? ""))).toBe(true);
    expect(slowed.some((e) => e.type === "job" && /code 1303/.test(e.detail ?? ""))).toBe(true);
    expect(jobEvents(s, "failed")).toEqual([]);
    assertIntact({ ledgerPath: s.ledgerPath, outDir: s.outDir, jobs: 12, allDownloaded: true });
  });

  it("a 503 window on creates and polls: the breaker waits it out, unknown submissions are reconciled", async () => {
    const s = await runWithFaults([
      { on: "create", action: "error", kind: "unavailable", fromMs: 100, untilMs: 1_500 },
      { on: "get", action: "error", kind: "unavailable", fromMs: 100, untilMs: 1_500 },
    ]);
    expect(s.exitCodes).toEqual([0]);
    assertIntact({ ledgerPath: s.ledgerPath, outDir: s.outDir, jobs: 12, allDownloaded: true });
    expect(readSimBilling(s.ledgerPath).filter((b) => b.kind === "charge")).toHaveLength(12);
  });

  it("truncated downloads, servers that ignore Range, and expiring links: every output arrives whole", async () => {
    const s = await runWithFaults([
      { on: "download", action: "truncate", count: 4 },
      { on: "download", action: "ignore_range", count: 4 },
      { on: "download", action: "expire_link", count: 3 },
    ]);
    expect(s.exitCodes).toEqual([0]);
    assertIntact({ ledgerPath: s.ledgerPath, outDir: s.outDir, jobs: 12, allDownloaded: true });
  });

  it("a provider that stays down ends the run with exit 4 and a clear message; the next run finishes without paying twice", async () => {
    const down = await runWithFaults(
      [
        { on: "create", action: "error", kind: "unavailable" },
        { on: "get", action: "error", kind: "unavailable" },
      ],
      { MOTIONBATCH_SIM_DOWN_AFTER_S: "1" },
      1,
    );
    expect(down.exitCodes).toEqual([4]);
    const halted = down.events.find((e) => e.type === "halted");
    expect(halted).toMatchObject({
      provider: "sim",
      reason: expect.stringMatching(/^sim answered only errors for \d+ s \(\d+ in a row; last: .*503/),
    });
    // The breaker kept the storm small: only the first few submissions were sent at all.
    expect(jobEvents(down, "unknown").length).toBeLessThanOrEqual(5);
    expect(readSimBilling(down.ledgerPath)).toEqual([]);

    const result = await runBatch(await makePlan([EXAMPLE_MANIFEST]), {
      ledgerPath: down.ledgerPath,
      outDir: down.outDir,
      env: fastSim(150),
    });
    expect(result.exitCode).toBe(0);
    assertIntact({ ledgerPath: down.ledgerPath, outDir: down.outDir, jobs: 12, allDownloaded: true });
    expect(readSimBilling(down.ledgerPath).filter((b) => b.kind === "charge")).toHaveLength(12);
  });
});
