import { createHash } from "node:crypto";
import { displayName, type JobRecord } from "../ledger/job-record.js";
import type { JobState } from "../ledger/job-state.js";
import { committedUsd } from "../ledger/queries.js";
import {
  beginAttempt,
  recordAccepted,
  recordFailed,
  recordHeld,
  recordNotAccepted,
  recordUnknown,
  setNotBefore,
} from "../ledger/transitions.js";
import type { JobSpec } from "../manifest/job-spec.js";
import { ProviderError } from "../providers/provider-error.js";
import { failpoint } from "./failpoint.js";
import { backoffMs, classifySubmitFailure, SUBMIT_BACKOFF } from "./retry-policy.js";
import { definition, gate, halt, noteOutcome, type RunContext, session } from "./run-context.js";

/** Tries at resolving a job's inputs (e.g. a moved file) before the job is left for the next run. */
const INPUT_TRIES_PER_RUN = 3;

/** The client reference of an attempt: derived from the job key, unique per attempt. */
export function clientRefOf(jobKey: string, attempt: number): string {
  return `mb-${jobKey.slice(0, 24)}-${attempt}`;
}

/**
 * Submits one planned job: inputs resolved, then (with no await in between, so parallel
 * submissions cannot pass the cap together) the budget check and the intent committed; then the
 * POST, and the task id committed. Every failure is classified (runner/retry-policy.ts) before the
 * ledger moves. Returns false when the job should wait for the next run.
 */
export async function submitJob(context: RunContext, job: JobRecord): Promise<boolean> {
  const { ledger, clock } = context;
  const spec = JSON.parse(job.spec_json) as JobSpec;
  const provider = session(context, job.provider);
  const event = (to: JobState, detail?: string) =>
    context.emit({ type: "job", jobId: job.id, name: displayName(job), provider: job.provider, to, ...(detail ? { detail } : {}) });

  // Inputs are resolved before the intent: it is free, and a failure here is not an attempt.
  let imageUrl: string;
  let videoUrl: string;
  try {
    imageUrl = await provider.resolveInput(spec.image, "image");
    videoUrl = await provider.resolveInput(spec.video, "video");
  } catch (error) {
    const tries = (context.submitRefusals.get(job.id) ?? 0) + 1;
    context.submitRefusals.set(job.id, tries);
    const reason = `input not ready: ${(error as Error).message}`;
    ledger.db
      .prepare("UPDATE jobs SET not_before_ms = ?, error = ? WHERE id = ?")
      .run(clock.now() + backoffMs(SUBMIT_BACKOFF, tries - 1, context.random), reason, job.id);
    gate(context, job.provider).released("submit");
    if (tries < INPUT_TRIES_PER_RUN) return true;
    context.emit({ type: "notice", message: `${displayName(job)}: ${reason}; left for the next run` });
    return false;
  }

  // From here to the intent: no await.
  if (context.signal?.aborted) {
    gate(context, job.provider).released("submit");
    return true;
  }
  if (context.maxCostUsd !== undefined) {
    const estimate = job.estimated_usd ?? 0;
    const committed = committedUsd(ledger);
    if (committed + estimate > context.maxCostUsd + 1e-9) {
      recordHeld(
        ledger,
        job.id,
        `held: $${committed.toFixed(2)} is committed and this job's estimated $${estimate.toFixed(2)} would pass --max-cost $${context.maxCostUsd.toFixed(2)}`,
      );
      event("held");
      gate(context, job.provider).released("submit");
      return true;
    }
  }
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([job.job_key, imageUrl, videoUrl]))
    .digest("hex");
  const attempt = beginAttempt(ledger, job.id, fingerprint, (n) => clientRefOf(job.job_key, n));
  event("submitting", `attempt ${attempt.number}`);
  failpoint("after-intent");

  try {
    const task = await provider.adapter.submit({ spec, clientRef: attempt.clientRef, imageUrl, videoUrl });
    failpoint("after-post");
    const firstPoll = clock.now() + definition(context, job.provider).pollIntervals(context.env).firstMs;
    gate(context, job.provider).accepted();
    recordAccepted(ledger, job.id, task.taskId, task.state.providerStatus, undefined, task.handle);
    setNotBefore(ledger, job.id, firstPoll);
    context.submitRefusals.delete(job.id);
    event("submitted", `task ${task.taskId}`);
    failpoint("after-accepted");
    return true;
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const decision = classifySubmitFailure(error);
    const resumeAt = noteOutcome(context, job.provider, "submit", error);
    const refusals = (context.submitRefusals.get(job.id) ?? 0) + 1;
    const later = Math.max(clock.now() + backoffMs(SUBMIT_BACKOFF, refusals - 1, context.random, error.retryAfterMs), resumeAt ?? 0);
    switch (decision) {
      case "retry":
      case "slow_down":
        context.submitRefusals.set(job.id, refusals);
        recordNotAccepted(ledger, job.id, later, error.message);
        event("planned", `${decision === "slow_down" ? "slowing down" : "will retry"}: ${error.message}`);
        return true;
      case "halt_provider":
        recordNotAccepted(ledger, job.id, 0, error.message);
        halt(context, job.provider, error.message);
        return true;
      case "fail_job":
        recordFailed(ledger, job.id, error.kind === "content_policy" ? "content-policy" : "input", error.message);
        event("failed", error.message);
        return true;
      case "unknown":
        recordUnknown(ledger, job.id, `the POST may have been accepted: ${error.message}`);
        setNotBefore(ledger, job.id, later);
        event("unknown", error.message);
        return true;
    }
  }
}
