import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FAILPOINTS } from "../../src/runner/failpoint.js";
import { readSimBilling } from "../helpers/billing.js";
import { fastSim, runCli } from "../helpers/cli.js";
import { assertIntact } from "../helpers/invariants.js";
import { EXAMPLE_MANIFEST, tempDir } from "../helpers/paths.js";

/** Re-runs the same command until it finishes cleanly; returns how many runs it took. */
async function runUntilDone(dir: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  for (let runs = 1; runs <= 20; runs += 1) {
    const result = await runCli(["run", EXAMPLE_MANIFEST, "--ledger", "ledger.sqlite", "--out", "out"], {
      cwd: dir,
      env: { ...fastSim(), ...env },
    });
    if (result.code === 0) return runs;
    if (result.signal !== "SIGKILL") throw new Error(`run ended with ${result.code ?? result.signal}: ${result.stderr.slice(-800)}`);
  }
  throw new Error("the batch did not finish in 20 runs");
}

/** The proof after any number of kills: nothing billed twice, every paid output on disk and verified. */
function assertDone(dir: string): void {
  assertIntact({ ledgerPath: join(dir, "ledger.sqlite"), outDir: join(dir, "out"), jobs: 12, allDownloaded: true });
  expect(readSimBilling(join(dir, "ledger.sqlite")).filter((b) => b.kind === "charge")).toHaveLength(12);
  expect(existsSync(join(dir, "out", "report.json"))).toBe(true);
}

describe("a batch killed with SIGKILL and run again", () => {
  it.each(FAILPOINTS)("killed at %s, resumes without paying twice or losing an output", async (point) => {
    const dir = tempDir();
    const first = await runCli(["run", EXAMPLE_MANIFEST, "--ledger", "ledger.sqlite", "--out", "out"], {
      cwd: dir,
      env: { ...fastSim(), MOTIONBATCH_FAILPOINT: `${point}:3` },
    });
    expect(first.signal).toBe("SIGKILL");
    await runUntilDone(dir);
    assertDone(dir);
  });

  it("survives a dozen random kills in one batch", async () => {
    const dir = tempDir();
    let kills = 0;
    // Deterministic "random" kill times spread over the batch's life.
    const delays = [90, 400, 150, 700, 260, 50, 520, 330, 610, 210, 460, 120];
    for (const delay of delays) {
      const result = await runCli(["run", EXAMPLE_MANIFEST, "--ledger", "ledger.sqlite", "--out", "out"], {
        cwd: dir,
        env: fastSim(150),
        killAfterMs: delay,
      });
      if (result.signal === "SIGKILL") kills += 1;
      else if (result.code === 0) break;
      else throw new Error(`run ended with ${result.code}: ${result.stderr.slice(-800)}`);
    }
    expect(kills).toBeGreaterThanOrEqual(6);
    await runUntilDone(dir, fastSim(150));
    assertDone(dir);
  });
});

describe("two runs on one ledger", () => {
  it("the second refuses with a clear message while the first runs, and nothing is billed twice", async () => {
    const dir = tempDir();
    const args = ["run", EXAMPLE_MANIFEST, "--ledger", "ledger.sqlite", "--out", "out"];
    const first = runCli(args, { cwd: dir, env: fastSim(400) });
    // Wait until the first run holds the ledger.
    for (let i = 0; i < 100 && !existsSync(join(dir, "ledger.sqlite.sim.jsonl")); i += 1) await new Promise((r) => setTimeout(r, 50));
    const second = await runCli(args, { cwd: dir, env: fastSim(400) });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/ledger .*ledger\.sqlite is in use by another motionbatch run/);
    expect((await first).code).toBe(0);
    assertDone(dir);
  });
});
