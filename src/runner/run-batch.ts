import pLimit from "p-limit";
import { type Clock, systemClock } from "../clock.js";
import { EXIT } from "../errors.js";
import type { JobRecord } from "../ledger/job-record.js";
import type { JobState } from "../ledger/job-state.js";
import { type Ledger, openLedger } from "../ledger/open-ledger.js";
import { countByState, finishRun, jobByKey, startRun } from "../ledger/queries.js";
import { insertPlannedJobs, recoverAtStart } from "../ledger/transitions.js";
import type { Plan } from "../plan/make-plan.js";
import type { ProviderDefinition } from "../providers/provider-definition.js";
import { providerNamed } from "../providers/registry.js";
import { downloadJob } from "./download-job.js";
import { pollJob } from "./poll-job.js";
import { reconcileJob } from "./reconcile-job.js";
import type { RunContext } from "./run-context.js";
import type { RunEvent } from "./run-event.js";
import { submitJob } from "./submit-job.js";

export interface RunOptions {
  ledgerPath: string;
  outDir: string;
  maxCostUsd?: number;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  random?: () => number;
  /** Aborting stops new submissions; in-flight requests finish and are recorded. */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Parallel downloads. @default 4 */
  downloadConcurrency?: number;
  /** The command line, recorded in the ledger's `runs` table. */
  command?: string;
}

export interface RunResult {
  exitCode: number;
  counts: Partial<Record<JobState, number>>;
  halted: { provider: string; reason: string }[];
  interrupted: boolean;
  added: number;
  existing: number;
}

const IN_FLIGHT_AT_PROVIDER: readonly JobState[] = ["submitting", "submitted", "running", "unknown"];

/**
 * Runs a plan against its providers until every job of it is done, failed, unknown, held or
 * halted. Re-running with the same plan and ledger resumes: the ledger decides what is left.
 */
export async function runBatch(plan: Plan, options: RunOptions): Promise<RunResult> {
  const ledger = openLedger(options.ledgerPath, { lock: true });
  try {
    return await runWithLedger(plan, ledger, options);
  } finally {
    ledger.close();
  }
}

async function runWithLedger(plan: Plan, ledger: Ledger, options: RunOptions): Promise<RunResult> {
  const clock = options.clock ?? systemClock;
  const env = options.env ?? process.env;
  const emit = options.onEvent ?? (() => undefined);
  startRun(ledger, options.command ?? "run");
  const recovered = recoverAtStart(ledger);
  if (recovered.unknown > 0)
    emit({
      type: "notice",
      message: `${recovered.unknown} job(s) were interrupted mid-submission; reconciling before anything is sent again`,
    });
  const { added, existing } = insertPlannedJobs(
    ledger,
    plan.jobs.map((j) => ({ job: j.job, estimatedSeconds: j.estimatedSeconds, estimatedUsd: j.estimatedUsd })),
  );
  const scope = new Set(plan.jobs.map((j) => (jobByKey(ledger, j.job.key) as JobRecord).id));

  const definitions = new Map<string, ProviderDefinition>();
  for (const j of plan.jobs) definitions.set(j.job.spec.provider, providerNamed(j.job.spec.provider));
  const context: RunContext = {
    ledger,
    clock,
    random: options.random ?? Math.random,
    env,
    outDir: options.outDir,
    ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}),
    definitions,
    sessions: new Map(),
    halted: new Map(),
    readFailures: new Map(),
    submitRefusals: new Map(),
    polls: new Map(),
    providerReadFailures: new Map(),
    emit,
  };
  let interrupted = false;
  try {
    for (const [name, definition] of definitions) {
      context.sessions.set(name, await definition.connect({ env, clock, ledgerPath: ledger.path }));
    }
    interrupted = await loop(context, scope, options);
  } finally {
    for (const s of context.sessions.values()) await s.close();
  }

  const counts = countByState(ledger);
  const scoped = scopedCounts(ledger, scope);
  const halted = [...context.halted].map(([provider, reason]) => ({ provider, reason }));
  let exitCode: number;
  if (interrupted) exitCode = EXIT.interrupted;
  else if (halted.length > 0 || (scoped.held ?? 0) > 0) exitCode = EXIT.halted;
  else if ((scoped.downloaded ?? 0) === scope.size) exitCode = EXIT.ok;
  else exitCode = EXIT.someFailed;
  finishRun(ledger, exitCode);
  return { exitCode, counts, halted, interrupted, added, existing };
}

function scopedCounts(ledger: Ledger, scope: Set<number>): Partial<Record<JobState, number>> {
  const rows = ledger.db.prepare("SELECT id, state FROM jobs").all() as { id: number; state: JobState }[];
  const counts: Partial<Record<JobState, number>> = {};
  for (const row of rows) if (scope.has(row.id)) counts[row.state] = (counts[row.state] ?? 0) + 1;
  return counts;
}

/** The scheduler: downloads first, then reconciliations and polls, then new submissions. */
async function loop(context: RunContext, scope: Set<number>, options: RunOptions): Promise<boolean> {
  const { ledger, clock } = context;
  const inFlight = new Map<number, Promise<void>>();
  const submitting = new Map<number, string>();
  const downloads = pLimit(options.downloadConcurrency ?? 4);
  const reads = pLimit(16);
  /** Jobs with nothing more to do in this run (left for the next one). */
  const parked = new Set<number>();
  let wake: () => void = () => undefined;
  let failure: unknown;

  const start = (job: JobRecord, work: () => Promise<unknown>, limit: ReturnType<typeof pLimit>): void => {
    const promise = limit(async () => {
      const more = await work();
      if (more === false) parked.add(job.id);
    })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        inFlight.delete(job.id);
        wake();
      });
    inFlight.set(job.id, promise);
  };
  const select = ledger.db.prepare("SELECT * FROM jobs WHERE state IN ('planned','succeeded','submitted','running','unknown') ORDER BY id");
  const active = ledger.db.prepare(
    `SELECT id, provider, state FROM jobs WHERE state IN (${IN_FLIGHT_AT_PROVIDER.map((s) => `'${s}'`).join(", ")})`,
  );

  while (true) {
    if (failure) throw failure;
    const stopping = options.signal?.aborted ?? false;
    const now = clock.now();
    const jobs = (select.all() as JobRecord[]).filter((j) => scope.has(j.id) && !inFlight.has(j.id) && !parked.has(j.id));
    let waitingDownloads = 0;
    let nextDue = Number.POSITIVE_INFINITY;
    // Tasks this run holds at each provider (parked jobs are left alone until the next run), and
    // submissions still on their way to their intent (the ledger says planned until then).
    const activeByProvider = new Map<string, number>();
    const count = (provider: string) => activeByProvider.set(provider, (activeByProvider.get(provider) ?? 0) + 1);
    const activeIds = new Set<number>();
    for (const j of active.all() as { id: number; provider: string; state: JobState }[]) {
      if (scope.has(j.id) && !parked.has(j.id)) {
        activeIds.add(j.id);
        count(j.provider);
      }
    }
    for (const [id, provider] of submitting) if (!activeIds.has(id)) count(provider);

    if (!stopping) {
      for (const job of jobs) {
        const due = job.not_before_ms <= now;
        if (!due && job.state !== "planned") nextDue = Math.min(nextDue, job.not_before_ms);
        if (!due) continue;
        if (job.state === "succeeded") {
          waitingDownloads += 1;
          start(job, () => downloadJob(context, job), downloads);
        } else if (job.state === "unknown") {
          start(job, () => reconcileJob(context, job), reads);
        } else if (job.state === "submitted" || job.state === "running") {
          start(job, () => pollJob(context, job), reads);
        }
      }
      // Downloads come before new submissions: a finished output whose link expires is a paid loss.
      if (waitingDownloads === 0 || downloads.pendingCount === 0) {
        for (const job of jobs) {
          if (job.state !== "planned" || context.halted.has(job.provider)) continue;
          if (job.not_before_ms > now) {
            nextDue = Math.min(nextDue, job.not_before_ms);
            continue;
          }
          const limit = context.definitions.get(job.provider)?.defaultConcurrency ?? 1;
          const active = activeByProvider.get(job.provider) ?? 0;
          if (active >= limit) continue;
          activeByProvider.set(job.provider, active + 1);
          submitting.set(job.id, job.provider);
          start(job, () => submitJob(context, job).finally(() => submitting.delete(job.id)), reads);
        }
      }
    }

    if (stopping) {
      // Ctrl-C: nothing new starts; what is in flight finishes and is recorded.
      await Promise.all(inFlight.values());
      if (failure) throw failure;
      return true;
    }
    const remaining = jobs.filter((j) => !(j.state === "planned" && context.halted.has(j.provider)));
    if (inFlight.size === 0 && remaining.length === 0) return false;
    const changed = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const waitMs = Number.isFinite(nextDue) ? Math.max(1, nextDue - clock.now()) : 1000;
    if (inFlight.size > 0) await Promise.race([changed, clock.sleep(waitMs, options.signal)]);
    else await clock.sleep(waitMs, options.signal);
  }
}
