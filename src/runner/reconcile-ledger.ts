import { type Clock, systemClock } from "../clock.js";
import { EXIT } from "../errors.js";
import { displayName, type JobRecord } from "../ledger/job-record.js";
import { openLedger } from "../ledger/open-ledger.js";
import { finishRun, jobsInState, startRun } from "../ledger/queries.js";
import { recoverAtStart, releaseUnknown } from "../ledger/transitions.js";
import { providerNamed } from "../providers/registry.js";
import { reconcileJob, settledAtMs } from "./reconcile-job.js";
import { closeProviders, connectProviders, createRunContext } from "./run-context.js";
import type { RunEvent } from "./run-event.js";

export interface ReconcileOptions {
  ledgerPath: string;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** The operator accepts paying twice: jobs still unknown go back to planned, under a new client reference. */
  resubmitUnknown?: boolean;
  onEvent?: (event: RunEvent) => void;
  command?: string;
}

export interface ReconcileResult {
  exitCode: number;
  /** Unknown jobs asked about. */
  asked: number;
  /** Found at the provider: now submitted, followed by the next run. */
  found: number;
  /** The provider has no such task: planned again, submitted by the next run. */
  notAccepted: number;
  /** Still unknown (the provider cannot be asked, or could not answer yet). */
  stillUnknown: JobRecord[];
  /** Released by --resubmit-unknown. */
  released: JobRecord[];
}

/**
 * `motionbatch reconcile`: asks the providers about every `unknown` job (by client reference, or
 * by the provider's list where it has one) and records what they say. A job that stays unknown is
 * only planned again with `resubmitUnknown`: the operator's decision, since it may be paid twice.
 */
export async function reconcileLedger(options: ReconcileOptions): Promise<ReconcileResult> {
  const ledger = openLedger(options.ledgerPath, { lock: true, mustExist: true });
  try {
    const clock = options.clock ?? systemClock;
    const emit = options.onEvent ?? (() => undefined);
    startRun(ledger, options.command ?? "reconcile");
    recoverAtStart(ledger);
    const unknown = jobsInState(ledger, ["unknown"]);
    const context = createRunContext(ledger, new Set(unknown.map((j) => j.provider)), { clock, env: options.env ?? process.env, emit });
    try {
      await connectProviders(context);
      for (const job of unknown) await reconcileJob(context, job);
    } finally {
      await closeProviders(context);
    }
    const stateOf = (job: JobRecord) => (ledger.db.prepare("SELECT state FROM jobs WHERE id = ?").get(job.id) as { state: string }).state;
    const after = unknown.map((job) => ({ job, state: stateOf(job) }));
    const stillUnknown = after.filter((a) => a.state === "unknown").map((a) => a.job);
    // A job the provider may still be indexing (asked before its settle time) is not released: a
    // new client reference would defeat the provider's refusal of a duplicate.
    const tooSoon = (job: JobRecord) =>
      job.client_ref !== null && settledAtMs(ledger, providerNamed(job.provider), job.client_ref) > clock.now();
    const released: JobRecord[] = [];
    if (options.resubmitUnknown) {
      for (const job of stillUnknown) {
        if (tooSoon(job)) continue;
        releaseUnknown(ledger, job.id, "released by reconcile --resubmit-unknown: the operator accepts that it may be paid twice");
        emit({
          type: "job",
          jobId: job.id,
          name: displayName(job),
          provider: job.provider,
          to: "planned",
          detail: "released by the operator",
        });
        released.push(job);
      }
    }
    const remaining = stillUnknown.length - released.length;
    const exitCode = remaining > 0 ? EXIT.someFailed : EXIT.ok;
    finishRun(ledger, exitCode);
    return {
      exitCode,
      asked: unknown.length,
      found: after.filter((a) => a.state === "submitted").length,
      notAccepted: after.filter((a) => a.state === "planned").length,
      stillUnknown: stillUnknown.filter((job) => !released.includes(job)),
      released,
    };
  } finally {
    ledger.close();
  }
}
