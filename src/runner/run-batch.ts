import pLimit from "p-limit";
import { type Clock, systemClock } from "../clock.js";
import { EXIT } from "../errors.js";
import type { JobRecord } from "../ledger/job-record.js";
import { type JobState, MAYBE_BILLED } from "../ledger/job-state.js";
import { type Ledger, openLedger } from "../ledger/open-ledger.js";
import { countByState, finishRun, jobByKey, jobsInState, startRun } from "../ledger/queries.js";
import { insertPlannedJobs, recoverAtStart } from "../ledger/transitions.js";
import type { Plan } from "../plan/make-plan.js";
import { downloadJob } from "./download-job.js";
import { isElementJob, settleElement, submitWhenReady } from "./element-job.js";
import { pollJob } from "./poll-job.js";
import type { RequestClass } from "./provider-gate.js";
import { reconcileJob } from "./reconcile-job.js";
import { closeProviders, connectProviders, createRunContext, gate, type RunContext } from "./run-context.js";
import type { RunEvent } from "./run-event.js";

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
  /** Tasks running at once per provider, over the provider's default (e.g. `{ sim: 32 }`). */
  concurrency?: Readonly<Record<string, number>>;
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
  // Paid work of earlier runs (another manifest, or rows since edited) is followed too: polls and
  // downloads are free, and a paid output must not be left behind.
  const earlier = jobsInState(ledger, ["submitted", "running", "succeeded", "unknown"]);
  const adopted = earlier.filter((j) => !scope.has(j.id));
  for (const j of adopted) scope.add(j.id);
  if (adopted.length > 0)
    emit({ type: "notice", message: `${adopted.length} job(s) of earlier runs are still in flight; following them too` });

  const providers = new Set([...plan.jobs.map((j) => j.job.spec.provider), ...adopted.map((j) => j.provider)]);
  const context = createRunContext(ledger, providers, { ...options, clock, env, emit });
  let interrupted = false;
  try {
    await connectProviders(context);
    interrupted = await loop(context, scope, options);
  } finally {
    await closeProviders(context);
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

/** Shortest time between two passes of the scheduler: completions that arrive together are handled together. */
const MIN_TICK_MS = 5;
const WORK_STATES = "'planned','succeeded','unknown','submitted','running','submitting','downloading'";

/** The scheduler: downloads first, then reconciliations and polls, then new submissions. */
async function loop(context: RunContext, scope: Set<number>, options: RunOptions): Promise<boolean> {
  const { ledger, clock } = context;
  const inFlight = new Map<number, Promise<void>>();
  const submitting = new Map<number, string>();
  const downloadSlots = options.downloadConcurrency ?? 4;
  const downloads = pLimit(downloadSlots);
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

  // The jobs of this run, as a table the queries below can join, so each pass reads only due work.
  ledger.db.exec("CREATE TEMP TABLE IF NOT EXISTS run_scope (job_id INTEGER PRIMARY KEY); DELETE FROM run_scope;");
  const addScope = ledger.db.prepare("INSERT INTO run_scope (job_id) VALUES (?)");
  ledger.db.transaction(() => {
    for (const id of scope) addScope.run(id);
  })();
  const fromScope = "FROM jobs j JOIN run_scope s ON s.job_id = j.id";
  const dueReads = ledger.db.prepare(
    `SELECT j.* ${fromScope} WHERE j.state IN ('succeeded','unknown','submitted','running') AND j.not_before_ms <= ? ORDER BY j.id`,
  );
  const duePlanned = ledger.db.prepare(
    `SELECT j.* ${fromScope} WHERE j.state = 'planned' AND j.provider = ? AND j.not_before_ms <= ? ORDER BY j.id LIMIT ?`,
  );
  const unfinished = ledger.db.prepare(`SELECT j.id, j.state, j.provider, j.not_before_ms ${fromScope} WHERE j.state IN (${WORK_STATES})`);
  let lastTick = 0;
  const maybeBilled = MAYBE_BILLED.map((state) => `'${state}'`).join(",");
  const progressQuery = ledger.db.prepare(
    `SELECT j.state AS state, count(*) AS n, SUM(COALESCE(j.billed_usd, 0)) AS billed,
       SUM(CASE WHEN j.state IN (${maybeBilled}) THEN COALESCE(j.billed_usd, j.estimated_usd, 0) ELSE 0 END) AS committed
     ${fromScope} GROUP BY j.state`,
  );
  let lastProgress = 0;
  /** Where the run stands, at most four times a second (and always at the end). */
  const progress = (force: boolean) => {
    const at = clock.now();
    if (!force && at - lastProgress < 250) return;
    lastProgress = at;
    const rows = progressQuery.all() as { state: JobState; n: number; billed: number; committed: number }[];
    context.emit({
      type: "progress",
      total: scope.size,
      counts: Object.fromEntries(rows.map((r) => [r.state, r.n])),
      committedUsd: rows.reduce((sum, r) => sum + r.committed, 0),
      billedUsd: rows.reduce((sum, r) => sum + r.billed, 0),
    });
  };

  while (true) {
    if (failure) {
      // Let what is in flight finish and be recorded before giving up.
      await Promise.allSettled(inFlight.values());
      throw failure;
    }
    const stopping = options.signal?.aborted ?? false;
    if (stopping) {
      // Ctrl-C: nothing new starts; what is in flight finishes and is recorded.
      await Promise.all(inFlight.values());
      if (failure) throw failure;
      progress(true);
      return true;
    }
    progress(false);
    const now = clock.now();
    lastTick = now;
    const free = (job: { id: number }) => !inFlight.has(job.id) && !parked.has(job.id);

    // Downloads first: a finished output whose link expires is a paid loss.
    let downloadsWaiting = 0;
    let gateDue = Number.POSITIVE_INFINITY;
    const admit = (provider: string, kind: RequestClass): boolean => {
      const answer = gate(context, provider).take(kind, now);
      if (!answer.ok) gateDue = Math.min(gateDue, answer.nextAtMs);
      return answer.ok;
    };
    for (const job of dueReads.all(now) as JobRecord[]) {
      if (!free(job)) continue;
      if (job.state === "succeeded") {
        // Output links are served by a CDN, not the provider's API: no gate, but their own slots.
        if (downloads.activeCount + downloads.pendingCount >= downloadSlots) {
          downloadsWaiting += 1;
          continue;
        }
        if (isElementJob(job)) start(job, () => settleElement(context, job), reads);
        else start(job, () => downloadJob(context, job), downloads);
      } else if (context.down.has(job.provider)) {
        parked.add(job.id); // left in flight in the ledger; the next run asks again
      } else if (admit(job.provider, "read")) {
        start(job, () => (job.state === "unknown" ? reconcileJob(context, job) : pollJob(context, job)), reads);
      }
    }

    // What this run holds at each provider, what is left, and when the next job is due.
    const rows = unfinished.all() as { id: number; state: JobState; provider: string; not_before_ms: number }[];
    const activeByProvider = new Map<string, number>();
    const plannedByProvider = new Map<string, number>();
    let remaining = 0;
    let nextDue = Number.POSITIVE_INFINITY;
    for (const row of rows) {
      if (parked.has(row.id)) continue;
      // A provider down for reads is not asked again in this run; its outputs (a CDN's) still download.
      if (context.down.has(row.provider) && !inFlight.has(row.id) && row.state !== "succeeded") continue;
      if (row.state === "planned") {
        if (context.halted.has(row.provider)) continue;
        if (!submitting.has(row.id)) plannedByProvider.set(row.provider, (plannedByProvider.get(row.provider) ?? 0) + 1);
      }
      remaining += 1;
      if (IN_FLIGHT_AT_PROVIDER.includes(row.state) || submitting.has(row.id)) {
        activeByProvider.set(row.provider, (activeByProvider.get(row.provider) ?? 0) + 1);
      }
      if (!inFlight.has(row.id) && row.not_before_ms > now) nextDue = Math.min(nextDue, row.not_before_ms);
    }

    if (downloadsWaiting === 0) {
      for (const [provider, planned] of plannedByProvider) {
        // The gate's window: the provider's limit, halved on every 429 and grown back on success.
        const slots = Math.min(planned, gate(context, provider).window - (activeByProvider.get(provider) ?? 0));
        if (slots <= 0) continue;
        const candidates = (duePlanned.all(provider, now, slots + submitting.size + parked.size) as JobRecord[])
          .filter(free)
          .slice(0, slots);
        for (const job of candidates) {
          if (!admit(provider, "submit")) break;
          submitting.set(job.id, job.provider);
          start(job, () => submitWhenReady(context, job, parked).finally(() => submitting.delete(job.id)), reads);
        }
      }
    }

    if (inFlight.size === 0 && remaining === 0) {
      progress(true);
      return false;
    }
    // Sleep until the next job is due, something in flight finishes, or Ctrl-C. Each wait has its
    // own controller, so a sleep that lost the race does not leave a listener behind.
    const tick = new AbortController();
    const stop = () => tick.abort();
    options.signal?.addEventListener("abort", stop, { once: true });
    wake = stop;
    const due = Math.min(nextDue, gateDue);
    const waitMs = Number.isFinite(due) ? Math.max(1, due - clock.now()) : 1000;
    await clock.sleep(waitMs, tick.signal);
    options.signal?.removeEventListener("abort", stop);
    const sinceTick = clock.now() - lastTick;
    if (sinceTick < MIN_TICK_MS && !options.signal?.aborted) await clock.sleep(MIN_TICK_MS - sinceTick);
  }
}
