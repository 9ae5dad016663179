import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManifestError } from "../../src/manifest/problem.js";
import { makePlan } from "../../src/plan/make-plan.js";
import { billableSeconds } from "../../src/providers/pricing.js";
import { REPO } from "../helpers/paths.js";
import { csv, type TempCampaign, tempCampaign } from "../unit/temp-campaign.js";

const MEDIA = join(REPO, "test/fixtures/media");
const HEADER = "campaign,name,image,video,orientation,mode,model,provider,cfg_scale";
/** No upload store, no keys: what a fresh machine has. */
const BARE_ENV: NodeJS.ProcessEnv = {};

let campaign: TempCampaign | undefined;
afterEach(() => {
  campaign?.remove();
  campaign = undefined;
});

function manifest(...rows: string[]): string {
  campaign = tempCampaign();
  return campaign.write("manifest.csv", csv(HEADER, ...rows));
}

const media = (file: string) => join(MEDIA, file);

async function problemsOf(path: string): Promise<string[]> {
  const error = await makePlan([path], { env: BARE_ENV }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ManifestError);
  return (error as ManifestError).problems.map((p) => `${p.row}:${p.column}: ${p.message}`);
}

describe("plan: every input checked against its provider's limits before anything is spent", () => {
  it("names the row and column of each input past a limit, and says the fix", async () => {
    const path = manifest(
      `c,a,${media("image-300px.png")},${media("video-10.1s.mp4")},image,std,kling-v3,sim,`,
      `c,b,${media("image-299px.png")},${media("video-3.0s.mp4")},video,std,kling-v3,sim,`,
      `c,d,${media("image-aspect-2.6.png")},${media("video-2.9s.mp4")},video,std,kling-v3,sim,`,
    );
    expect(await problemsOf(path)).toEqual([
      "2:video: video-10.1s.mp4 is 10.1 s; with orientation=image the limit is 10 s (use orientation=video, or trim the clip)",
      "3:image: image-299px.png is 299x400 px; sim needs at least 300 px on each side (use a larger image)",
      "4:image: image-aspect-2.6.png is 780x300 px (aspect 2.6:1); sim takes aspect ratios from 1:2.5 to 2.5:1 (crop it)",
      "4:video: video-2.9s.mp4 is 2.9 s; the shortest reference video is 3 s (use a longer clip)",
    ]);
  });

  it("inputs exactly at the limits pass, priced by probed seconds at the dated price", async () => {
    const path = manifest(
      `c,a,${media("image-300px.png")},${media("video-10.0s.mp4")},image,std,kling-v3,sim,`,
      `c,b,${media("image-aspect-2.5.png")},${media("video-3.0s.mp4")},video,pro,kling-v3,sim,`,
    );
    const plan = await makePlan([path], { env: BARE_ENV });
    expect(plan.jobs.map((j) => [j.job.name, j.probedSeconds, j.estimatedSeconds, j.estimatedUsd, j.price?.entry.seenOn])).toEqual([
      ["a", 10, 10, 1.26, "2026-11-21"],
      ["b", 3, 3, 0.504, "2026-11-21"],
    ]);
    expect(plan.totalUsd).toBe(1.764);
    expect(plan.totals.byMode).toEqual({
      std: { jobs: 1, seconds: 10, usd: 1.26, upperBound: false },
      pro: { jobs: 1, seconds: 3, usd: 0.504, upperBound: false },
    });
    expect(plan.totals.byCampaign.c?.usd).toBe(1.764);
    // Each distinct input probed once.
    expect(plan.probes).toHaveLength(4);
  });

  it("a 10.1 s clip is billed as 11 s where the provider bills each started second", () => {
    const table = { rounding: "ceil-second", entries: [] } as const;
    expect(billableSeconds(table, 10.1)).toBe(11);
    expect(billableSeconds(table, 10.0000001)).toBe(10);
    expect(billableSeconds({ ...table, rounding: "nearest-second" }, 10.4)).toBe(10);
    expect(billableSeconds({ ...table, rounding: "nearest-second" }, 10.5)).toBe(11);
    expect(billableSeconds({ ...table, rounding: "exact" }, 10.1)).toBe(10.1);
  });

  it("--max-cost flags the jobs past it in plan order", async () => {
    const path = manifest(
      `c,a,${media("image-300px.png")},${media("video-3.0s.mp4")} | ${media("video-10.0s.mp4")},video,std,kling-v3,sim,`,
    );
    const plan = await makePlan([path], { env: BARE_ENV, maxCostUsd: 1 });
    // 3 s = $0.378 fits; 10 s more = $1.638 in all does not.
    expect(plan.jobs.map((j) => [j.probedSeconds, j.overBudget])).toEqual([
      [3, false],
      [10, true],
    ]);
  });
});

describe("plan --compare: the same batch on every paid provider", () => {
  it("a provider that needs public URLs is ruled out for local videos until an upload store is configured", async () => {
    const path = manifest(`c,a,${media("image-300px.png")},${media("video-3.0s.mp4")},video,std,kling-v3,sim,`);
    const bare = await makePlan([path], { env: BARE_ENV, compare: true });
    const kling = bare.compare?.find((o) => o.provider === "kling");
    expect(kling).toMatchObject({ jobs: 0, totalUsd: 0, configured: false });
    expect(kling?.ruledOut[0]?.reasons).toEqual([
      "video-3.0s.mp4: kling needs the reference video as a public URL; set MOTIONBATCH_S3_BUCKET (an upload store, see docs/PLANNING.md) or use the file's URL in the manifest",
    ]);
    // The sim is free: not a provider to compare prices with.
    expect(bare.compare?.some((o) => o.provider === "sim")).toBe(false);

    const withStore = await makePlan([path], { env: { MOTIONBATCH_S3_BUCKET: "inputs" }, compare: true });
    expect(withStore.compare?.find((o) => o.provider === "kling")).toMatchObject({ jobs: 1, seconds: 3, totalUsd: 0.378, ruledOut: [] });
  });

  it("limits and parameters a provider cannot honour rule a job out, with the reason", async () => {
    // 10.1 s with orientation=video: within every limit, billed as 11 started seconds.
    const path = manifest(
      `c,long,${media("image-300px.png")},${media("video-10.1s.mp4")},video,std,kling-v3,sim,`,
      `c,cfg,${media("image-300px.png")},${media("video-3.0s.mp4")},video,std,kling-v3,sim,0.7`,
    );
    const plan = await makePlan([path], { env: { MOTIONBATCH_S3_BUCKET: "inputs" }, compare: true });
    const kling = plan.compare?.find((o) => o.provider === "kling");
    expect(kling?.jobs).toBe(1);
    expect(kling?.seconds).toBe(11);
    expect(kling?.ruledOut.map((r) => [r.job.name, r.reasons])).toEqual([
      ["cfg", ["cannot honour cfg_scale (Kling's API has no such parameter)"]],
    ]);
  });
});
