import { displayName, type JobRecord } from "../ledger/job-record.js";
import { taskHandle } from "../ledger/queries.js";
import { recordTaskState, setNotBefore } from "../ledger/transitions.js";
import type { Mode, Model } from "../manifest/columns.js";
import type { TaskState } from "../providers/contract.js";
import { priceOf } from "../providers/pricing.js";
import { ProviderError } from "../providers/provider-error.js";
import { failpoint } from "./failpoint.js";
import { backoffMs, classifyReadFailure, READ_BACKOFF } from "./retry-policy.js";
import { definition, halt, JOB_READS_PER_RUN, noteOutcome, noteReadFailure, type RunContext, session } from "./run-context.js";

/**
 * Asks the provider about one task (free, safe to repeat) and records what it says. Returns false
 * when the job should wait for the next run: the provider keeps failing, or says it has no such
 * task (another account's keys?); the job stays in flight in the ledger either way.
 */
export async function pollJob(context: RunContext, job: JobRecord): Promise<boolean> {
  const { ledger, clock } = context;
  if (!job.task_id) throw new Error(`job ${job.id} is ${job.state} without a task id`);
  let state: TaskState;
  try {
    state = await session(context, job.provider).adapter.get(job.task_id, taskHandle(ledger, job.id, job.task_id));
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const failures = noteReadFailure(context, job.id);
    const resumeAt = noteOutcome(context, job.provider, "read", error);
    const decision = classifyReadFailure(error);
    if (decision === "halt_provider") {
      // A key or account problem: every read of this provider fails the same way until it is fixed.
      halt(context, job.provider, error.message);
      return false;
    }
    const later = clock.now() + backoffMs(READ_BACKOFF, failures - 1, context.random, error.retryAfterMs);
    setNotBefore(ledger, job.id, Math.max(later, resumeAt ?? 0));
    if (decision === "not_found") {
      context.emit({
        type: "notice",
        message: `${displayName(job)}: ${job.provider} has no task ${job.task_id} (${error.message}); left for the next run`,
      });
      return false;
    }
    return failures < JOB_READS_PER_RUN;
  }
  if (state.status === "succeeded") failpoint("mid-poll");
  noteOutcome(context, job.provider, "read");
  context.readFailures.delete(job.id);
  const polls = (context.polls.get(job.id) ?? 0) + 1;
  context.polls.set(job.id, polls);
  const intervals = definition(context, job.provider).pollIntervals(context.env);
  const nextPollMs = clock.now() + Math.min(intervals.maxMs, Math.round(intervals.firstMs * 1.5 ** polls));
  recordTaskState(ledger, job.id, state, billedOf(context, job, state), nextPollMs);
  const moved = state.status === "succeeded" || state.status === "failed" || (state.status === "running" && job.state !== "running");
  if (moved) {
    context.emit({
      type: "job",
      jobId: job.id,
      name: displayName(job),
      provider: job.provider,
      to: state.status === "queued" ? "submitted" : state.status,
      ...(state.failure ? { detail: state.failure.message } : {}),
    });
  }
  return true;
}

/** Per-second billing of what the provider made (or, when it does not say, of what was estimated). */
function billedOf(context: RunContext, job: JobRecord, state: TaskState): { seconds: number | null; usd: number | null } {
  if (state.status !== "succeeded") return { seconds: null, usd: null };
  const seconds = state.outputSeconds ?? job.estimated_seconds;
  if (seconds === null) return { seconds: null, usd: null };
  const price = priceOf(definition(context, job.provider).pricing, job.model as Model, job.mode as Mode, seconds);
  return price ? { seconds: price.billableSeconds, usd: price.usd } : { seconds, usd: null };
}
