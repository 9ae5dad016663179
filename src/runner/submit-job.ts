import { createHash } from "node:crypto";
import { displayName, type JobRecord } from "../ledger/job-record.js";
import { committedUsd } from "../ledger/queries.js";
import { beginAttempt, recordAccepted, recordFailed, recordHeld, recordNotAccepted, recordUnknown } from "../ledger/transitions.js";
import type { JobSpec } from "../manifest/job-spec.js";
import { classifySubmitFailure } from "../providers/classify.js";
import { ProviderError } from "../providers/provider-error.js";
import { backoffMs, SUBMIT_BACKOFF } from "./backoff.js";
import { failpoint } from "./failpoint.js";
import { definition, halt, type RunContext, session } from "./run-context.js";

/** The client reference of an attempt: derived from the job key, unique per attempt. */
export function clientRefOf(jobKey: string, attempt: number): string {
  return `mb-${jobKey.slice(0, 24)}-${attempt}`;
}

/**
 * Submits one planned job: budget check, intent committed, POST, task id committed. Every failure
 * is classified (providers/classify.ts) before the ledger moves.
 */
export async function submitJob(context: RunContext, job: JobRecord): Promise<void> {
  const { ledger, clock } = context;
  const spec = JSON.parse(job.spec_json) as JobSpec;
  const provider = session(context, job.provider);

  if (context.maxCostUsd !== undefined) {
    const estimate = job.estimated_usd ?? 0;
    const committed = committedUsd(ledger);
    if (committed + estimate > context.maxCostUsd + 1e-9) {
      recordHeld(
        ledger,
        job.id,
        `held: $${committed.toFixed(2)} is committed and this job's estimated $${estimate.toFixed(2)} would pass --max-cost $${context.maxCostUsd.toFixed(2)}`,
      );
      context.emit({ type: "job", jobId: job.id, name: displayName(job), provider: job.provider, to: "held" });
      return;
    }
  }

  // Inputs are resolved before the intent: it is free, and a failure here is not an attempt.
  let imageUrl: string;
  let videoUrl: string;
  try {
    imageUrl = await provider.resolveInput(spec.image, "image");
    videoUrl = await provider.resolveInput(spec.video, "video");
  } catch (error) {
    const refusals = (context.submitRefusals.get(job.id) ?? 0) + 1;
    context.submitRefusals.set(job.id, refusals);
    ledger.db
      .prepare("UPDATE jobs SET not_before_ms = ?, error = ? WHERE id = ?")
      .run(clock.now() + backoffMs(SUBMIT_BACKOFF, refusals, context.random), `input not ready: ${(error as Error).message}`, job.id);
    return;
  }
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([job.job_key, imageUrl, videoUrl]))
    .digest("hex");
  const attempt = beginAttempt(ledger, job.id, fingerprint, (n) => clientRefOf(job.job_key, n));
  context.emit({
    type: "job",
    jobId: job.id,
    name: displayName(job),
    provider: job.provider,
    to: "submitting",
    detail: `attempt ${attempt.number}`,
  });
  failpoint("after-intent");

  try {
    const task = await provider.adapter.submit({ spec, clientRef: attempt.clientRef, imageUrl, videoUrl });
    failpoint("after-post");
    const firstPoll = clock.now() + definition(context, job.provider).pollIntervals(context.env).firstMs;
    recordAccepted(ledger, job.id, task.taskId, task.state.providerStatus);
    ledger.db.prepare("UPDATE jobs SET not_before_ms = ? WHERE id = ?").run(firstPoll, job.id);
    context.submitRefusals.delete(job.id);
    context.emit({
      type: "job",
      jobId: job.id,
      name: displayName(job),
      provider: job.provider,
      to: "submitted",
      detail: `task ${task.taskId}`,
    });
    failpoint("after-accepted");
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const decision = classifySubmitFailure(error);
    const refusals = (context.submitRefusals.get(job.id) ?? 0) + 1;
    const later = clock.now() + backoffMs(SUBMIT_BACKOFF, refusals - 1, context.random, error.retryAfterMs);
    switch (decision) {
      case "retry":
      case "slow_down":
        context.submitRefusals.set(job.id, refusals);
        recordNotAccepted(ledger, job.id, later, error.message);
        context.emit({
          type: "job",
          jobId: job.id,
          name: displayName(job),
          provider: job.provider,
          to: "planned",
          detail: `${decision === "slow_down" ? "slowing down" : "will retry"}: ${error.message}`,
        });
        return;
      case "halt_provider":
        recordNotAccepted(ledger, job.id, 0, error.message);
        halt(context, job.provider, error.message);
        return;
      case "fail_job":
        recordFailed(ledger, job.id, error.kind === "content_policy" ? "content-policy" : "input", error.message, undefined);
        context.emit({ type: "job", jobId: job.id, name: displayName(job), provider: job.provider, to: "failed", detail: error.message });
        return;
      case "unknown":
        recordUnknown(ledger, job.id, `the POST may have been accepted: ${error.message}`);
        ledger.db.prepare("UPDATE jobs SET not_before_ms = ? WHERE id = ?").run(later, job.id);
        context.emit({ type: "job", jobId: job.id, name: displayName(job), provider: job.provider, to: "unknown", detail: error.message });
        return;
    }
  }
}
