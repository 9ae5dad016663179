import { openLedger } from "../../src/ledger/open-ledger.js";
import type { Report } from "../../src/report/summarize.js";
import { writeReports } from "../../src/report/write-reports.js";
import { type RanCampaign, runCampaign } from "../helpers/campaign.js";

/**
 * A small campaign with text that spreadsheets would run as formulas (a job name, tags), two
 * campaigns, and one job the simulator fails on purpose: 3 downloaded, 1 failed.
 */
export const HOSTILE_CAMPAIGN = [
  "campaign,name,image,video,orientation,mode,provider,prompt,channel",
  'spring,"=HYPERLINK(""http://x"",""y"")",{assets}/characters/ava.png,{assets}/moves/wave.mp4,image,std,sim,dancing,@SUM(1+1)',
  "spring,ben,{assets}/characters/ben.png,{assets}/moves/spin.mp4,image|video,std,sim,dancing,-2+3",
  "summer,broken,{assets}/characters/ben.png,{assets}/moves/jump.mp4,video,pro,sim,[sim:fail] dancing,+reels",
  "",
].join("\n");

export const INJECTED_NAME = '=HYPERLINK("http://x","y")';

/** Runs the campaign on the simulator, then writes every report format as `run` does. */
export async function runHostileCampaign(): Promise<RanCampaign & { report: Report; files: string[] }> {
  const ran = await runCampaign(HOSTILE_CAMPAIGN);
  const ledger = openLedger(ran.ledgerPath, { mustExist: true });
  try {
    return { ...ran, ...(await writeReports(ledger, ran.outDir)) };
  } finally {
    ledger.close();
  }
}
