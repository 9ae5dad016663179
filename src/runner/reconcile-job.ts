import { displayName, type JobRecord } from "../ledger/job-record.js";
import { recordAccepted, recordNotAccepted } from "../ledger/transitions.js";
import { ProviderError } from "../providers/provider-error.js";
import { backoffMs, READ_BACKOFF } from "./backoff.js";
import { JOB_READS_PER_RUN, noteReadFailure, noteReadSuccess, type RunContext, session } from "./run-context.js";

/**
 * Settles an `unknown` job: asks the provider for the attempt's task by its client reference.
 * Found: the job is submitted (no second payment). Not found: the POST never landed, and the job
 * is planned again under the same client reference. Providers that cannot be asked leave the job
 * `unknown` (possibly billed) until the operator decides (`reconcile --resubmit-unknown`).
 * Returns false when nothing more can be done for the job in this run.
 */
export async function reconcileJob(context: RunContext, job: JobRecord): Promise<boolean> {
  const { ledger, clock } = context;
  const adapter = session(context, job.provider).adapter;
  if (!adapter.findByClientRef || !job.client_ref) return false;
  try {
    const found = await adapter.findByClientRef(job.client_ref);
    noteReadSuccess(context, job.provider, job.id);
    if (found) {
      recordAccepted(ledger, job.id, found.taskId, found.state.providerStatus, `reconciled by client reference ${job.client_ref}`);
      context.emit({
        type: "job",
        jobId: job.id,
        name: displayName(job),
        provider: job.provider,
        to: "submitted",
        detail: `reconciled: task ${found.taskId}`,
      });
    } else {
      recordNotAccepted(ledger, job.id, clock.now(), `reconciled: ${job.provider} has no task ${job.client_ref}; the POST never landed`, {
        reuseClientRef: true,
      });
      context.emit({
        type: "job",
        jobId: job.id,
        name: displayName(job),
        provider: job.provider,
        to: "planned",
        detail: "reconciled: not accepted, will submit",
      });
    }
    return true;
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const failures = noteReadFailure(context, job.provider, job.id);
    ledger.db
      .prepare("UPDATE jobs SET not_before_ms = ? WHERE id = ?")
      .run(clock.now() + backoffMs(READ_BACKOFF, failures - 1, context.random, error.retryAfterMs), job.id);
    return failures < JOB_READS_PER_RUN;
  }
}
