import { displayName, type JobRecord } from "../ledger/job-record.js";
import { recordAccepted, recordNotAccepted, setNotBefore } from "../ledger/transitions.js";
import { ProviderError } from "../providers/provider-error.js";
import { backoffMs, READ_BACKOFF } from "./backoff.js";
import { definition, JOB_READS_PER_RUN, noteReadFailure, noteReadSuccess, type RunContext, session } from "./run-context.js";

/**
 * Settles an `unknown` job: asks the provider for the attempt's task by its client reference.
 * Found: the job is submitted (no second payment). Not found, once the provider has had time to
 * index a task (`reconcileSettleMs` after the intent): the POST never landed, and the job is
 * planned again under the same client reference, which the provider refuses as a duplicate if it
 * did land. Providers that cannot be asked leave the job `unknown` (possibly billed).
 * Returns false when nothing more can be done for the job in this run.
 */
export async function reconcileJob(context: RunContext, job: JobRecord): Promise<boolean> {
  const { ledger, clock } = context;
  const adapter = session(context, job.provider).adapter;
  if (!adapter.findByClientRef || !job.client_ref) return false;
  const event = (to: "submitted" | "planned", detail: string) =>
    context.emit({ type: "job", jobId: job.id, name: displayName(job), provider: job.provider, to, detail });
  try {
    const found = await adapter.findByClientRef(job.client_ref);
    noteReadSuccess(context, job.provider, job.id);
    if (found) {
      recordAccepted(
        ledger,
        job.id,
        found.taskId,
        found.state.providerStatus,
        `reconciled by client reference ${job.client_ref}`,
        found.handle,
      );
      event("submitted", `reconciled: task ${found.taskId}`);
      return true;
    }
    const intent = ledger.db.prepare("SELECT intent_at FROM attempts WHERE client_ref = ?").get(job.client_ref) as
      | { intent_at: string }
      | undefined;
    const settledAt = (intent ? Date.parse(intent.intent_at) : 0) + definition(context, job.provider).reconcileSettleMs;
    if (clock.now() < settledAt) {
      // Too soon to believe "not found": a task may take a moment to be visible. Ask again later.
      setNotBefore(ledger, job.id, settledAt);
      return true;
    }
    recordNotAccepted(ledger, job.id, clock.now(), `reconciled: ${job.provider} has no task ${job.client_ref}; the POST never landed`);
    event("planned", "reconciled: not accepted, will submit under the same client reference");
    return true;
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const failures = noteReadFailure(context, job.provider, job.id);
    setNotBefore(ledger, job.id, clock.now() + backoffMs(READ_BACKOFF, failures - 1, context.random, error.retryAfterMs));
    return failures < JOB_READS_PER_RUN;
  }
}
