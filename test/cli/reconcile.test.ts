import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { doubleCharged, readSimBilling } from "../helpers/billing.js";
import { fastSim, runCli } from "../helpers/cli.js";
import { assertIntact } from "../helpers/invariants.js";
import { EXAMPLE_MANIFEST, tempDir } from "../helpers/paths.js";

const RUN = ["run", EXAMPLE_MANIFEST, "--ledger", "ledger.sqlite", "--out", "out"];

function states(dir: string): Record<string, number> {
  const db = new Database(join(dir, "ledger.sqlite"), { readonly: true });
  try {
    const rows = db.prepare("SELECT state, count(*) AS n FROM jobs GROUP BY state").all() as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    db.close();
  }
}

/** A run killed right after a POST was accepted: its answer never recorded, the job's outcome unknown. */
async function killedAfterPost(dir: string): Promise<void> {
  const killed = await runCli(RUN, { cwd: dir, env: { ...fastSim(), MOTIONBATCH_FAILPOINT: "after-post:1" } });
  expect(killed.signal).toBe("SIGKILL");
  expect(readSimBilling(join(dir, "ledger.sqlite")).length).toBeGreaterThanOrEqual(1);
}

describe("motionbatch reconcile", () => {
  it("finds the task of a submission whose answer was lost, and the next run pays for nothing twice", async () => {
    const dir = tempDir();
    await killedAfterPost(dir);
    const result = await runCli(["reconcile", "--ledger", "ledger.sqlite"], { cwd: dir, env: fastSim() });
    expect(result.code).toBe(0);
    const found = Number(/found at the provider \(the next run follows them\): (\d+)/.exec(result.stdout)?.[1]);
    expect(found).toBeGreaterThanOrEqual(1);
    expect(states(dir).unknown ?? 0).toBe(0);
    expect(states(dir).submitting ?? 0).toBe(0);
    expect(states(dir).submitted).toBe(found);

    expect((await runCli(RUN, { cwd: dir, env: fastSim() })).code).toBe(0);
    assertIntact({ ledgerPath: join(dir, "ledger.sqlite"), outDir: join(dir, "out"), jobs: 12, allDownloaded: true });
    expect(readSimBilling(join(dir, "ledger.sqlite")).filter((b) => b.kind === "charge")).toHaveLength(12);
  });

  it("leaves a job it cannot settle unknown (exit 3, possibly billed); only --resubmit-unknown plans it again", async () => {
    const dir = tempDir();
    await killedAfterPost(dir);
    const faults = join(dir, "faults.json");
    writeFileSync(faults, JSON.stringify([{ on: "get", action: "error", kind: "unavailable" }]));
    const env = { ...fastSim(), MOTIONBATCH_SIM_FAULTS: faults };

    const asked = await runCli(["reconcile", "--ledger", "ledger.sqlite"], { cwd: dir, env });
    expect(asked.code).toBe(3);
    expect(asked.stdout).toMatch(/still unknown, possibly billed \(\$\d+\.\d\d estimated\):/);
    expect(asked.stdout).toContain("motionbatch reconcile --resubmit-unknown");
    const unknown = states(dir).unknown ?? 0;
    expect(unknown).toBeGreaterThanOrEqual(1);
    expect(states(dir).planned).toBe(12 - unknown);

    const released = await runCli(["reconcile", "--ledger", "ledger.sqlite", "--resubmit-unknown"], { cwd: dir, env });
    expect(released.code).toBe(0);
    expect(released.stdout).toContain(`released for resubmission: ${unknown}`);
    expect(states(dir)).toEqual({ planned: 12 });

    // The operator's choice is carried out: the released jobs are submitted again, and those whose
    // first POST had landed (the charges before this run) are paid twice.
    const landed = readSimBilling(join(dir, "ledger.sqlite")).length;
    expect(landed).toBeLessThanOrEqual(unknown);
    expect((await runCli(RUN, { cwd: dir, env: fastSim() })).code).toBe(0);
    const billing = readSimBilling(join(dir, "ledger.sqlite"));
    expect(doubleCharged(billing)).toHaveLength(landed);
    expect(billing.filter((b) => b.kind === "charge")).toHaveLength(12 + landed);
  });

  it("says so when there is nothing to reconcile, and refuses a ledger that does not exist", async () => {
    const dir = tempDir();
    const missing = await runCli(["reconcile", "--ledger", "nope.sqlite"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.sqlite/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    expect((await runCli(RUN, { cwd: dir, env: fastSim() })).code).toBe(0);
    const nothing = await runCli(["reconcile", "--ledger", "ledger.sqlite"], { cwd: dir });
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toBe("unknown jobs asked about: 0\n");
  });
});
