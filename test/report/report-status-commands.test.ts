import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fastSim, runCli } from "../helpers/cli.js";
import { EXAMPLE_MANIFEST, tempDir } from "../helpers/paths.js";

interface Status {
  jobs: number;
  by_status: Record<string, number>;
  billed_usd: number;
  committed_usd: number;
  oldest_running: { name: string; provider: string; task_id: string; since: string; age_seconds: number } | null;
  last_run: { state: string; pid: number } | null;
}

async function status(dir: string): Promise<Status> {
  const result = await runCli(["status", "--json"], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Status;
}

describe("motionbatch report and status while a run is going, and after", () => {
  it("status shows the live state and report writes every format mid-run; both agree with the end", async () => {
    const dir = tempDir();
    // Slow tasks (3 s each, 4 at a time): the run lasts long enough to be watched.
    const run = runCli(["run", EXAMPLE_MANIFEST], { cwd: dir, env: fastSim(3000), timeoutMs: 120_000 });

    let live: Status | undefined;
    for (let i = 0; i < 100 && !live; i += 1) {
      await new Promise((r) => setTimeout(r, 150));
      if (!existsSync(join(dir, "motionbatch.sqlite"))) continue;
      const now = await status(dir);
      if (now.oldest_running) live = now;
    }
    if (!live) throw new Error("never saw a running task");
    expect(live.jobs).toBe(12);
    expect((live.by_status.submitted ?? 0) + (live.by_status.running ?? 0)).toBeGreaterThan(0);
    expect(live.committed_usd).toBeGreaterThan(live.billed_usd);
    expect(live.oldest_running?.provider).toBe("sim");
    expect(live.oldest_running?.task_id).toMatch(/\S/);
    expect(Date.parse(live.oldest_running?.since ?? "")).not.toBeNaN();
    expect(live.last_run?.state).toBe("running");

    const text = await runCli(["status"], { cwd: dir });
    expect(text.stdout).toMatch(/oldest running task: \S+ \(spring-launch\) on sim, task \S+, submitted \d+/);
    expect(text.stdout).toMatch(/money: \$\d+\.\d\d billed for \d+ s, \$\d+\.\d\d committed/);

    const midRun = await runCli(["report", "--out", "mid"], { cwd: dir });
    expect(midRun.code, midRun.stderr).toBe(0);
    expect(readdirSync(join(dir, "mid")).sort()).toEqual(["report.csv", "report.html", "report.json", "report.xlsx"]);
    const midHtml = readFileSync(join(dir, "mid", "report.html"), "utf8");
    expect(midHtml.match(/<video class="output"/g)?.length ?? 0).toBeLessThan(12);
    expect(midHtml).toContain('data-card="in-progress"');

    const finished = await run;
    expect(finished.code, finished.stderr).toBe(0);
    const end = await status(dir);
    expect(end.by_status).toEqual({ downloaded: 12 });
    expect(end.oldest_running).toBeNull();
    expect(end.last_run?.state).toBe("finished");
    expect(end.committed_usd).toBeCloseTo(end.billed_usd, 6);
    expect(readdirSync(join(dir, "out")).filter((f) => f.startsWith("report."))).toHaveLength(4);
    const endHtml = readFileSync(join(dir, "out", "report.html"), "utf8");
    expect(endHtml.match(/<video class="output"/g)).toHaveLength(12);
  });

  it("report --format writes only the formats asked for, and refuses an unknown one with exit 2", async () => {
    const dir = tempDir();
    expect((await runCli(["run", EXAMPLE_MANIFEST], { cwd: dir, env: fastSim() })).code).toBe(0);
    const some = await runCli(["report", "--out", "some", "--format", "xlsx,html"], { cwd: dir });
    expect(some.code, some.stderr).toBe(0);
    expect(readdirSync(join(dir, "some")).sort()).toEqual(["report.html", "report.xlsx"]);
    expect(some.stdout).toContain("12 downloaded; billed $6.05");

    const bad = await runCli(["report", "--format", "json,pdf"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format expects one or more of json, csv, xlsx, html separated by commas; got "pdf"');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
