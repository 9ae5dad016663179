import { openLedger } from "../ledger/open-ledger.js";
import { allJobs, committedUsd, countByState } from "../ledger/queries.js";
import { stateCounts, usd } from "./format.js";
import { DEFAULT_LEDGER, parseOptions } from "./options.js";

const USAGE = "motionbatch status [--ledger FILE] [--json]";

/** Counts by state and money so far; safe to run while a run is going (it only reads). */
export async function statusCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { ledger: { type: "string", default: DEFAULT_LEDGER }, json: { type: "boolean" } }, USAGE);
  const ledger = openLedger(values.ledger, { mustExist: true });
  try {
    const counts = countByState(ledger);
    const jobs = allJobs(ledger);
    const billed = jobs.reduce((sum, j) => sum + (j.billed_usd ?? 0), 0);
    const committed = committedUsd(ledger);
    const estimated = jobs.reduce((sum, j) => sum + (j.estimated_usd ?? 0), 0);
    const running = jobs
      .filter((j) => j.state === "submitted" || j.state === "running")
      .sort((a, b) => a.updated_at.localeCompare(b.updated_at))[0];
    if (values.json) {
      const status = {
        ledger: ledger.path,
        jobs: jobs.length,
        by_status: counts,
        billed_usd: billed,
        committed_usd: committed,
        estimated_usd: estimated,
      };
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    } else {
      const lines = [
        `ledger: ${ledger.path}`,
        `jobs: ${jobs.length} (${stateCounts(counts)})`,
        `money: ${usd(billed)} billed, ${usd(committed)} committed, ${usd(estimated)} estimated for all jobs`,
      ];
      if (running)
        lines.push(`oldest running: ${running.name} on ${running.provider} (task ${running.task_id}, since ${running.updated_at})`);
      process.stdout.write(`${lines.join("\n")}\n`);
    }
  } finally {
    ledger.close();
  }
  return 0;
}
