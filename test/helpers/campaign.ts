import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makePlan } from "../../src/plan/make-plan.js";
import { type RunResult, runBatch } from "../../src/runner/run-batch.js";
import { fastSim } from "./cli.js";
import { ASSETS, tempDir } from "./paths.js";

export interface RanCampaign {
  dir: string;
  manifest: string;
  ledgerPath: string;
  outDir: string;
  result: RunResult;
}

/**
 * Writes `csv` as a manifest in a fresh temp folder (`{assets}` stands for the example's assets
 * folder) and runs it to the end on the built-in simulator.
 */
export async function runCampaign(csv: string, taskMs = 80): Promise<RanCampaign> {
  const dir = tempDir("motionbatch-report-");
  const manifest = join(dir, "campaign.csv");
  writeFileSync(manifest, csv.replaceAll("{assets}", ASSETS));
  const ledgerPath = join(dir, "ledger.sqlite");
  const outDir = join(dir, "out");
  const result = await runBatch(await makePlan([manifest]), { ledgerPath, outDir, env: fastSim(taskMs) });
  return { dir, manifest, ledgerPath, outDir, result };
}
