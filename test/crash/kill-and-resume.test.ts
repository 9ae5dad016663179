import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FAILPOINTS } from "../../src/runner/failpoint.js";
import { readSimBilling } from "../helpers/billing.js";
import { fastSim, runCli } from "../helpers/cli.js";
import { assertIntact } from "../helpers/invariants.js";
import { EXAMPLE_MANIFEST, tempDir } from "../helpers/paths.js";

/**
 * The three ways a provider identifies a task (docs/RELIABILITY.md): Kling takes our client
 * reference (`external_task_id`) and can be asked by it; Freepik gives its own task id and lists
 * tasks; fal gives a request id and status/response URLs, and cannot be asked about a lost POST.
 */
const DIALECTS = [
  { dialect: "kling", reconciles: true },
  { dialect: "freepik", reconciles: false },
  { dialect: "fal", reconciles: false },
] as const;
type Dialect = (typeof DIALECTS)[number];

const RUN = ["run", EXAMPLE_MANIFEST, "--ledger", "ledger.sqlite", "--out", "out"];
const envOf = (d: Dialect, extra: NodeJS.ProcessEnv = {}) => ({ ...fastSim(), MOTIONBATCH_SIM_DIALECT: d.dialect, ...extra });

/**
 * Re-runs the same command until it ends on its own: done (0), or, where a lost POST cannot be
 * matched to its task, done but for jobs left `unknown` (3). Returns the last exit code.
 */
async function runUntilSettled(dir: string, d: Dialect, extra: NodeJS.ProcessEnv = {}): Promise<number> {
  for (let runs = 1; runs <= 20; runs += 1) {
    const result = await runCli(RUN, { cwd: dir, env: envOf(d, extra) });
    if (result.code === 0 || (result.code === 3 && !d.reconciles)) return result.code;
    if (result.signal !== "SIGKILL") throw new Error(`run ended with ${result.code ?? result.signal}: ${result.stderr.slice(-800)}`);
  }
  throw new Error("the batch did not settle in 20 runs");
}

/**
 * The proof after any number of kills: nothing billed twice; every billed task has a verified
 * output, or belongs to a job still `unknown` (possibly billed, in the report); on Kling, where
 * every lost POST can be found again, all 12 are downloaded and billed exactly once.
 */
function assertSettled(dir: string, d: Dialect): void {
  const jobs = assertIntact({ ledgerPath: join(dir, "ledger.sqlite"), outDir: join(dir, "out"), jobs: 12, allDownloaded: d.reconciles });
  const charges = readSimBilling(join(dir, "ledger.sqlite")).filter((b) => b.kind === "charge");
  if (d.reconciles) expect(charges).toHaveLength(12);
  // Every job is paid at most once: downloaded ones exactly once, unknown ones at most once.
  expect(charges.length).toBeGreaterThanOrEqual(jobs.filter((j) => j.state === "downloaded").length);
  expect(charges.length).toBeLessThanOrEqual(12);
  expect(existsSync(join(dir, "out", "report.json"))).toBe(true);
}

describe.each(DIALECTS)("a batch on the $dialect dialect killed with SIGKILL and run again", (d) => {
  it.each(FAILPOINTS)("killed at %s, resumes without paying twice or losing an output", async (point) => {
    const dir = tempDir();
    const first = await runCli(RUN, { cwd: dir, env: envOf(d, { MOTIONBATCH_FAILPOINT: `${point}:3` }) });
    expect(first.signal).toBe("SIGKILL");
    await runUntilSettled(dir, d);
    assertSettled(dir, d);
  });

  it("survives a dozen random kills in one batch", async () => {
    const dir = tempDir();
    let kills = 0;
    // Deterministic "random" kill times spread over the batch's life.
    const delays = [90, 400, 150, 700, 260, 50, 520, 330, 610, 210, 460, 120];
    for (const delay of delays) {
      const result = await runCli(RUN, { cwd: dir, env: envOf(d, fastSim(150)), killAfterMs: delay });
      if (result.signal === "SIGKILL") kills += 1;
      else if (result.code === 0 || (result.code === 3 && !d.reconciles)) break;
      else throw new Error(`run ended with ${result.code}: ${result.stderr.slice(-800)}`);
    }
    expect(kills).toBeGreaterThanOrEqual(6);
    await runUntilSettled(dir, d, fastSim(150));
    assertSettled(dir, d);
  });
});

describe("two runs on one ledger", () => {
  it("the second refuses with a clear message while the first runs, and nothing is billed twice", async () => {
    const dir = tempDir();
    const kling = DIALECTS[0];
    const first = runCli(RUN, { cwd: dir, env: envOf(kling, fastSim(400)) });
    // Wait until the first run holds the ledger.
    for (let i = 0; i < 100 && !existsSync(join(dir, "ledger.sqlite.sim.jsonl")); i += 1) await new Promise((r) => setTimeout(r, 50));
    const second = await runCli(RUN, { cwd: dir, env: envOf(kling, fastSim(400)) });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/ledger .*ledger\.sqlite is in use by another motionbatch run/);
    expect((await first).code).toBe(0);
    assertSettled(dir, kling);
  });
});
