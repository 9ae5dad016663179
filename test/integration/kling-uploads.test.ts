import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Clock } from "../../src/clock.js";
import { openLedger } from "../../src/ledger/open-ledger.js";
import { allJobs } from "../../src/ledger/queries.js";
import { makePlan } from "../../src/plan/make-plan.js";
import { runBatch } from "../../src/runner/run-batch.js";
import { SIM_KLING_ACCOUNT } from "../../src/simulator/dialects/kling.js";
import { type RunningSimulator, startSimulator } from "../../src/simulator/server.js";
import { type RunningS3, startS3Server } from "../helpers/s3-server.js";
import { csv, type TempCampaign, tempCampaign } from "../unit/temp-campaign.js";

/** Time that passes only when someone sleeps: Kling's 10 s polls take no real time. */
function virtualClock(): Clock {
  let now = Date.parse("2026-11-21T12:00:00Z");
  return {
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) return;
      now += Math.max(0, ms);
      await new Promise((resolve) => setTimeout(resolve, 1));
    },
  };
}

let sim: RunningSimulator | undefined;
let s3: RunningS3 | undefined;
let campaign: TempCampaign | undefined;
afterEach(async () => {
  await sim?.close();
  await s3?.close();
  campaign?.remove();
});

describe("local inputs on a provider that fetches by URL (Kling, against the simulator)", () => {
  it("uploads each local video once, sends Kling its presigned URL, and the provider bills the video's real length", async () => {
    const clock = virtualClock();
    sim = await startSimulator({ clock, taskMs: 60_000 });
    s3 = await startS3Server();
    campaign = tempCampaign();
    const env: NodeJS.ProcessEnv = {
      KLING_ACCESS_KEY: SIM_KLING_ACCOUNT.accessKey,
      KLING_SECRET_KEY: SIM_KLING_ACCOUNT.secretKey,
      MOTIONBATCH_KLING_BASE_URL: `${sim.url}/kling`,
      MOTIONBATCH_S3_BUCKET: s3.bucket,
      MOTIONBATCH_S3_ENDPOINT: s3.endpoint,
      MOTIONBATCH_S3_PATH_STYLE: "1",
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    };
    const manifest = campaign.write(
      "kling.csv",
      csv(
        "campaign,name,image,video,orientation,provider",
        "launch,,assets/ava.png | assets/ben.png,assets/wave.mp4 | assets/spin.mp4,video,kling",
      ),
    );
    const ledgerPath = join(campaign.dir, "ledger.sqlite");
    const outDir = join(campaign.dir, "out");

    const plan = await makePlan([manifest], { env });
    expect(plan.jobs).toHaveLength(4);
    const result = await runBatch(plan, { ledgerPath, outDir, env, clock });
    expect(result.exitCode).toBe(0);

    // Two videos, each uploaded once for its two jobs; images go to Kling inline, never uploaded.
    const puts = s3.requests.filter((r) => r.startsWith("PUT "));
    expect(puts).toHaveLength(2);
    expect(puts.every((r) => r.endsWith(".mp4"))).toBe(true);
    // The simulator fetched the uploaded copies: it billed wave (3 s) and spin (4 s) twice each.
    expect(
      sim.engine
        .billing()
        .map((b) => b.seconds)
        .sort(),
    ).toEqual([3, 3, 4, 4]);

    const ledger = openLedger(ledgerPath);
    try {
      expect(allJobs(ledger).map((j) => j.state)).toEqual(["downloaded", "downloaded", "downloaded", "downloaded"]);
      expect(ledger.db.prepare("SELECT COUNT(*) AS n FROM uploads").get()).toEqual({ n: 2 });
    } finally {
      ledger.close();
    }

    // A later run with a new job on an uploaded video: it is not uploaded again.
    const more = campaign.write(
      "more.csv",
      csv("campaign,name,image,video,orientation,provider", "launch,,assets/ava.png,assets/wave.mp4,image,kling"),
    );
    const second = await runBatch(await makePlan([more], { env }), { ledgerPath, outDir, env, clock });
    expect(second.exitCode).toBe(0);
    expect(s3.requests.filter((r) => r.startsWith("PUT "))).toHaveLength(2);
    expect(sim.engine.billing()).toHaveLength(5);
  });
});
