import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSimBilling } from "../helpers/billing.js";
import { fastSim, runCli } from "../helpers/cli.js";
import { EXAMPLE_MANIFEST, REPO, tempDir } from "../helpers/paths.js";

const BAD = join(REPO, "test", "fixtures", "manifests", "bad.csv");

describe("motionbatch run with a manifest that has mistakes", () => {
  it("exits 2, names every problem by file, row and column, and spends nothing", async () => {
    const dir = tempDir();
    const result = await runCli(["run", BAD, "--ledger", "ledger.sqlite"], { cwd: dir, env: fastSim() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${BAD}:2:orientation: expected image, video or both`);
    expect(result.stderr).toContain('got "sideways"');
    expect(result.stderr).toMatch(
      new RegExp(`${BAD.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:3:image: file not found: "[^"]*missing\\.png"`),
    );
    expect(result.stderr).toContain(`${BAD}:4:mode: expected std or pro`);
    expect(result.stderr).toContain("3 problems in the manifest; nothing was spent");
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(dir, "ledger.sqlite"))).toBe(false);
    expect(readSimBilling(join(dir, "ledger.sqlite"))).toEqual([]);
  });
});

describe("motionbatch plan", () => {
  it("prices the example campaign without creating a ledger", async () => {
    const dir = tempDir();
    const result = await runCli(["plan", EXAMPLE_MANIFEST, "--json"], { cwd: dir });
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { jobs: { estimated_usd: number; estimated_seconds: number }[]; total_usd: number };
    expect(plan.jobs).toHaveLength(12);
    expect(plan.jobs.reduce((s, j) => s + j.estimated_seconds, 0)).toBe(48);
    expect(plan.total_usd).toBeCloseTo(6.048, 3);
    expect(existsSync(join(dir, "motionbatch.sqlite"))).toBe(false);
  });
});

describe("motionbatch run, status and report", () => {
  it("runs the example to the end, then status and report read the same ledger", async () => {
    const dir = tempDir();
    const run = await runCli(["run", EXAMPLE_MANIFEST], { cwd: dir, env: fastSim() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("jobs: 12 downloaded");
    expect(run.stdout).toMatch(/billed: 48 s, \$6\.05/);
    expect(existsSync(join(dir, "motionbatch.sqlite"))).toBe(true);
    expect(existsSync(join(dir, "out", "report.json"))).toBe(true);

    const status = await runCli(["status", "--json"], { cwd: dir });
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { jobs: number; by_status: Record<string, number>; billed_usd: number };
    expect(parsed.jobs).toBe(12);
    expect(parsed.by_status).toEqual({ downloaded: 12 });
    expect(parsed.billed_usd).toBeCloseTo(6.048, 3);

    const report = await runCli(["report", "--out", "again"], { cwd: dir });
    expect(report.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, "again", "report.json"), "utf8")) as { summary: { by_status: { downloaded: number } } };
    expect(json.summary.by_status.downloaded).toBe(12);
  });

  it("holds jobs past --max-cost and exits 4, without spending past the cap", async () => {
    const dir = tempDir();
    // $1 buys one or two 3-5 s jobs at $0.126/s: parallel submissions must not pass it together.
    const result = await runCli(["run", EXAMPLE_MANIFEST, "--max-cost", "1"], { cwd: dir, env: fastSim() });
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/job\(s\) held by --max-cost/);
    const charged = readSimBilling(join(dir, "motionbatch.sqlite")).reduce((sum, b) => sum + b.usd, 0);
    expect(charged).toBeGreaterThan(0);
    expect(charged).toBeLessThanOrEqual(1);
  });

  it("status without a ledger says how to make one and exits 2", async () => {
    const dir = tempDir();
    const result = await runCli(["status"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no ledger at motionbatch.sqlite");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("Ctrl-C stops new submissions, records what is in flight and exits 130; the same command resumes", async () => {
    const dir = tempDir();
    const args = ["run", EXAMPLE_MANIFEST];
    const stopped = await runCli(args, {
      cwd: dir,
      env: fastSim(1500),
      killWhen: (stderr) => stderr.includes('"state":"submitted"'),
      killSignal: "SIGINT",
    });
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain("stopping: no new submissions");
    expect(stopped.stdout).toContain("interrupted: run the same command again to resume");
    const chargedAtStop = readSimBilling(join(dir, "motionbatch.sqlite")).length;
    expect(chargedAtStop).toBeGreaterThan(0);
    expect(chargedAtStop).toBeLessThan(12);

    const resumed = await runCli(args, { cwd: dir, env: fastSim() });
    expect(resumed.code).toBe(0);
    const billing = readSimBilling(join(dir, "motionbatch.sqlite"));
    expect(billing).toHaveLength(12);
    expect(new Set(billing.map((b) => b.fingerprint)).size).toBe(12);
  });

  it("an unknown flag is a usage error with the command's usage", async () => {
    const result = await runCli(["run", EXAMPLE_MANIFEST, "--max-cots", "5"], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("usage: motionbatch run");
  });

  it("a real provider without keys is refused before anything is spent", async () => {
    const dir = tempDir();
    const result = await runCli(["run", EXAMPLE_MANIFEST, "--provider", "kling", "--yes"], {
      cwd: dir,
      env: { KLING_ACCESS_KEY: "", KLING_SECRET_KEY: "" },
    });
    expect(result.code).toBe(2);
    // Kling takes videos only by URL: the plan says so for each row before keys are even needed.
    expect(result.stderr).toMatch(/:video: .*wave\.mp4: kling needs the reference video as a public URL; set MOTIONBATCH_S3_BUCKET/);
    expect(existsSync(join(dir, "motionbatch.sqlite"))).toBe(false);
  });
});
