import { displayName, type JobRecord } from "../ledger/job-record.js";
import type { Ledger } from "../ledger/open-ledger.js";
import { intentAtMs } from "../ledger/queries.js";
import { recordAccepted, recordNotAccepted, setNotBefore } from "../ledger/transitions.js";
import type { JobSpec } from "../manifest/job-spec.js";
import type { Adapter, SubmitRequest, SubmittedTask } from "../providers/contract.js";
import type { ProviderDefinition } from "../providers/provider-definition.js";
import { ProviderError } from "../providers/provider-error.js";
import { backoffMs, classifyReadFailure, READ_BACKOFF } from "./retry-policy.js";
import { definition, gate, halt, JOB_READS_PER_RUN, noteOutcome, noteReadFailure, type RunContext, session } from "./run-context.js";

/** How far around an attempt's intent a listed task may have been created: clocks differ, and a POST can hang. */
const LIST_WINDOW_BEFORE_MS = 2 * 60_000;
const LIST_WINDOW_AFTER_MS = 15 * 60_000;

/**
 * Settles an `unknown` job by asking the provider, in the best way it offers:
 *
 * - **By client reference** (Kling's `external_task_id`). Found: the job is submitted, no second
 *   payment. Not found once the provider has had time to index a task (`reconcileSettleMs` after
 *   the intent): the POST never landed, and the job is planned again under the same client
 *   reference, which the provider refuses as a duplicate if it did land after all.
 * - **By the provider's task list** (none today: Kling is asked by reference, and Freepik's list
 *   shows nothing to match on), matched on every request field the list shows and
 *   the time window of the attempt. Exactly one listed task that no job of the ledger claims, while
 *   no other job of that provider is in doubt: it is this job's. Anything else proves nothing: the
 *   job stays `unknown`. A list never proves that a POST did not land.
 * - Providers that cannot be asked leave the job `unknown`: possibly billed, in the report, and
 *   only `motionbatch reconcile --resubmit-unknown` submits it again.
 *
 * Returns false when nothing more can be done for the job in this run.
 */
export async function reconcileJob(context: RunContext, job: JobRecord): Promise<boolean> {
  const adapter = session(context, job.provider).adapter;
  if (!job.client_ref || (!adapter.findByClientRef && !adapter.findByRequest)) {
    // Nothing to ask: give back the gate's slot this job was admitted with.
    gate(context, job.provider).released("read");
    return false;
  }
  try {
    if (adapter.findByClientRef) return await byClientRef(context, job, adapter.findByClientRef.bind(adapter), job.client_ref);
    return await byList(context, job, adapter, job.client_ref);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const failures = noteReadFailure(context, job.id);
    const resumeAt = noteOutcome(context, job.provider, "read", error);
    if (classifyReadFailure(error) === "halt_provider") {
      halt(context, job.provider, error.message);
      return false;
    }
    const later = context.clock.now() + backoffMs(READ_BACKOFF, failures - 1, context.random, error.retryAfterMs);
    setNotBefore(context.ledger, job.id, Math.max(later, resumeAt ?? 0));
    return failures < JOB_READS_PER_RUN;
  }
}

async function byClientRef(
  context: RunContext,
  job: JobRecord,
  find: (clientRef: string) => Promise<SubmittedTask | undefined>,
  clientRef: string,
): Promise<boolean> {
  const { ledger, clock } = context;
  const found = await find(clientRef);
  answered(context, job);
  if (found) {
    adopt(context, job, found, `reconciled by client reference ${clientRef}`);
    return true;
  }
  const settledAt = settledAtMs(ledger, definition(context, job.provider), clientRef);
  if (clock.now() < settledAt) {
    // Too soon to believe "not found": a task may take a moment to be visible. Ask again later.
    setNotBefore(ledger, job.id, settledAt);
    return true;
  }
  recordNotAccepted(ledger, job.id, clock.now(), `reconciled: ${job.provider} has no task ${clientRef}; the POST never landed`);
  context.emit({
    type: "job",
    jobId: job.id,
    name: displayName(job),
    provider: job.provider,
    to: "planned",
    detail: "reconciled: not accepted, will submit under the same client reference",
  });
  return true;
}

async function byList(context: RunContext, job: JobRecord, adapter: Adapter, clientRef: string): Promise<boolean> {
  const { ledger, clock } = context;
  const provider = session(context, job.provider);
  const spec = JSON.parse(job.spec_json) as JobSpec;
  // The request as it was sent (input URLs resolve the same way; presigned ones differ only in their query).
  let request: SubmitRequest;
  try {
    request = {
      spec,
      clientRef,
      imageUrl: await provider.resolveInput(spec.image, "image"),
      videoUrl: await provider.resolveInput(spec.video, "video"),
    };
  } catch (error) {
    // An input that moved (or an upload store that fails) is this job's problem, not the run's.
    gate(context, job.provider).released("read");
    ledger.db
      .prepare("UPDATE jobs SET error = ? WHERE id = ?")
      .run(`the POST may have been accepted; its inputs cannot be resolved to ask the provider: ${(error as Error).message}`, job.id);
    return false;
  }
  const intent = intentAtMs(ledger, clientRef);
  const listed = await (adapter.findByRequest as NonNullable<Adapter["findByRequest"]>)(request, {
    fromMs: intent - LIST_WINDOW_BEFORE_MS,
    toMs: intent + LIST_WINDOW_AFTER_MS,
  });
  answered(context, job);
  const claimed = new Set(
    (
      ledger.db
        .prepare("SELECT task_id FROM attempts WHERE task_id IS NOT NULL UNION SELECT task_id FROM jobs WHERE task_id IS NOT NULL")
        .all() as { task_id: string }[]
    ).map((r) => r.task_id),
  );
  const unclaimed = listed.filter((task) => !claimed.has(task.taskId));
  const sending = (
    ledger.db.prepare("SELECT count(*) AS n FROM jobs WHERE provider = ? AND state = 'submitting'").get(job.provider) as { n: number }
  ).n;
  if (sending > 0) {
    // A POST in flight may own one of these tasks and not have recorded it yet: ask again after it.
    setNotBefore(ledger, job.id, clock.now() + 1000);
    return true;
  }
  const othersInDoubt = (
    ledger.db.prepare("SELECT count(*) AS n FROM jobs WHERE provider = ? AND state = 'unknown' AND id != ?").get(job.provider, job.id) as {
      n: number;
    }
  ).n;
  if (unclaimed.length === 1 && othersInDoubt === 0) {
    adopt(context, job, unclaimed[0] as SubmittedTask, `reconciled by ${job.provider}'s task list (the only unclaimed matching task)`);
    return true;
  }
  const settledAt = settledAtMs(ledger, definition(context, job.provider), clientRef);
  if (clock.now() < settledAt) {
    setNotBefore(ledger, job.id, settledAt);
    return true;
  }
  // Nothing, or more than one candidate: the list cannot say which. The job stays unknown.
  const why =
    unclaimed.length === 0
      ? `${job.provider}'s task list shows no unclaimed task that matches`
      : `${job.provider}'s task list shows ${unclaimed.length} unclaimed matching tasks for ${othersInDoubt + 1} job(s) in doubt`;
  ledger.db.prepare("UPDATE jobs SET error = ? WHERE id = ?").run(`the POST may have been accepted; ${why}`, job.id);
  return false;
}

function adopt(context: RunContext, job: JobRecord, task: SubmittedTask, detail: string): void {
  recordAccepted(context.ledger, job.id, task.taskId, task.state.providerStatus, detail, task.handle);
  context.emit({
    type: "job",
    jobId: job.id,
    name: displayName(job),
    provider: job.provider,
    to: "submitted",
    detail: `reconciled: task ${task.taskId}`,
  });
}

function answered(context: RunContext, job: JobRecord): void {
  noteOutcome(context, job.provider, "read");
  context.readFailures.delete(job.id);
}

/**
 * When the provider has had time to index the task of an attempt (`reconcileSettleMs` after its
 * intent): before that, its "no such task" is not believed, and the job is not released either.
 */
export function settledAtMs(ledger: Ledger, provider: ProviderDefinition, clientRef: string): number {
  return intentAtMs(ledger, clientRef) + provider.reconcileSettleMs;
}
