import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { EXAMPLE_MANIFEST, REPO, tempDir } from "../helpers/paths.js";

const MEDIA = join(REPO, "test/fixtures/media");

interface PlanJson {
  jobs: { probed_seconds: number; usd_per_second: number; price_seen_on: string; over_budget: boolean }[];
  totals: { by_provider: Record<string, { jobs: number; usd: number }>; by_mode: Record<string, { jobs: number }> };
  over_budget_jobs: number;
  probes: { input: string; kind: string; cached: boolean }[];
  compare: { provider: string; jobs: number; ruled_out: { reasons: string[] }[] }[];
}

describe("motionbatch plan (probes, prices, budget, comparison)", () => {
  it("--json gives each job's probed seconds and dated price, totals, probes, budget flags and the comparison", async () => {
    const dir = tempDir();
    const result = await runCli(["plan", EXAMPLE_MANIFEST, "--json", "--max-cost", "3", "--compare"], {
      cwd: dir,
      env: { MOTIONBATCH_S3_BUCKET: "" },
    });
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as PlanJson;
    expect(plan.jobs.map((j) => j.probed_seconds).sort()).toEqual([3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5]);
    expect(plan.jobs.every((j) => j.usd_per_second === 0.126 && j.price_seen_on === "2026-11-21")).toBe(true);
    expect(plan.totals.by_provider.sim).toEqual({ jobs: 12, seconds: 48, usd: 6.048, upper_bound: false });
    expect(plan.totals.by_mode.std?.jobs).toBe(12);
    // $3 buys the first jobs in plan order; the rest would be held.
    expect(plan.over_budget_jobs).toBe(plan.jobs.filter((j) => j.over_budget).length);
    expect(plan.over_budget_jobs).toBeGreaterThan(0);
    expect(plan.over_budget_jobs).toBeLessThan(12);
    // 2 images + 3 videos, each probed once.
    expect(plan.probes).toHaveLength(5);
    const kling = plan.compare.find((o) => o.provider === "kling");
    expect(kling?.jobs).toBe(0);
    expect(kling?.ruled_out[0]?.reasons[0]).toMatch(/kling needs the reference video as a public URL/);
    expect(existsSync(join(dir, "motionbatch.sqlite"))).toBe(false);
  });

  it("a video past the orientation's limit stops the plan with exit 2 and a message that says the fix", async () => {
    const dir = tempDir();
    const manifest = join(dir, "long.csv");
    writeFileSync(
      manifest,
      `name,image,video,orientation,provider\nlong,${join(MEDIA, "image-300px.png")},${join(MEDIA, "video-10.1s.mp4")},image,sim\n`,
    );
    const result = await runCli(["plan", manifest], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${manifest}:2:video: video-10.1s.mp4 is 10.1 s; with orientation=image the limit is 10 s (use orientation=video, or trim the clip)`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("a run remembers its probes in the ledger; the next plan reads them from there", async () => {
    const dir = tempDir();
    const run = await runCli(["run", EXAMPLE_MANIFEST], { cwd: dir, env: { MOTIONBATCH_SIM_TASK_MS: "120" } });
    expect(run.code).toBe(0);
    const plan = await runCli(["plan", EXAMPLE_MANIFEST, "--json"], { cwd: dir });
    const parsed = JSON.parse(plan.stdout) as PlanJson;
    expect(parsed.probes.map((p) => p.cached)).toEqual([true, true, true, true, true]);
  });
});
