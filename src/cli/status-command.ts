import { openLedger } from "../ledger/open-ledger.js";
import { allJobs, committedUsd, countByState, lastRun, oldestRunningTask, type RunRecord } from "../ledger/queries.js";
import { summarize } from "../report/summarize.js";
import { stateCounts, usd } from "./format.js";
import { DEFAULT_LEDGER, parseOptions } from "./options.js";

const USAGE = "motionbatch status [--ledger FILE] [--json]";

/** Jobs by state, money committed and billed, the oldest running task; safe to run mid-run (it only reads). */
export async function statusCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { ledger: { type: "string", default: DEFAULT_LEDGER }, json: { type: "boolean" } }, USAGE);
  const ledger = openLedger(values.ledger, { mustExist: true });
  try {
    const now = new Date();
    // The money comes from summarize, the same figures as the reports; committed is the budget rule's.
    const { summary } = summarize(allJobs(ledger), new Map(), { ledger: ledger.path, baseDir: ".", now });
    const committed = committedUsd(ledger);
    const oldest = oldestRunningTask(ledger);
    const run = lastRun(ledger);
    const status = {
      ledger: ledger.path,
      jobs: summary.jobs,
      by_status: countByState(ledger),
      billed_usd: summary.billed_usd,
      billed_seconds: summary.billed_seconds,
      committed_usd: committed,
      estimated_usd: summary.estimated_usd,
      possibly_billed_usd: summary.possibly_billed_usd,
      lost_usd: summary.lost_usd,
      oldest_running: oldest
        ? {
            name: oldest.job.name,
            campaign: oldest.job.campaign,
            provider: oldest.job.provider,
            task_id: oldest.job.task_id,
            state: oldest.job.state,
            since: oldest.since,
            age_seconds: Math.max(0, Math.round((now.getTime() - Date.parse(oldest.since)) / 1000)),
          }
        : null,
      last_run: run ? { ...run, state: runState(run) } : null,
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `ledger: ${status.ledger}`,
      `jobs: ${status.jobs} (${stateCounts(status.by_status)})`,
      `money: ${usd(status.billed_usd)} billed for ${status.billed_seconds} s, ${usd(committed)} committed (what --max-cost counts), ${usd(status.estimated_usd)} estimated for all jobs`,
    ];
    if (status.possibly_billed_usd > 0) lines.push(`possibly billed (outcome unknown): ${usd(status.possibly_billed_usd)}`);
    if (status.lost_usd > 0) lines.push(`paid outputs lost (link expired): ${usd(status.lost_usd)}`);
    const o = status.oldest_running;
    if (o)
      lines.push(
        `oldest running task: ${o.name} (${o.campaign}) on ${o.provider}, task ${o.task_id}, submitted ${duration(o.age_seconds)} ago`,
      );
    if (status.last_run) lines.push(`last run: ${runText(status.last_run)}`);
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    ledger.close();
  }
  return 0;
}

/** A run without a finish time is either still going (its process is alive) or was stopped hard. */
function runState(run: RunRecord): "finished" | "running" | "stopped" {
  if (run.finished_at !== null) return "finished";
  try {
    process.kill(run.pid, 0);
    return "running";
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: string }).code === "EPERM" ? "running" : "stopped";
  }
}

function runText(run: RunRecord & { state: ReturnType<typeof runState> }): string {
  switch (run.state) {
    case "finished":
      return `finished ${run.finished_at} with exit code ${run.exit_code}`;
    case "running":
      return `running since ${run.started_at} (pid ${run.pid})`;
    case "stopped":
      return `started ${run.started_at}, stopped before it finished; run the same command again to resume`;
  }
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}
