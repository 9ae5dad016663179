/**
 * Kling custom elements in the runner. An element is a job of kind `element`: it is submitted,
 * polled and reconciled by the same steps as a video (same intent before the POST, same budget),
 * and is done (`downloaded`) once its element id is known. A video job of that character waits,
 * `planned`, until then; if the element fails, the video job fails with a reason naming it.
 */
import { displayName, type JobRecord } from "../ledger/job-record.js";
import { jobById } from "../ledger/queries.js";
import { recordDependencyFailed, recordElementReady, recordHeld, setNotBefore } from "../ledger/transitions.js";
import type { JobSpec } from "../manifest/job-spec.js";
import { definition, gate, type RunContext } from "./run-context.js";
import { submitJob } from "./submit-job.js";

/** Shortest wait before a video job looks at its element again (a poll of the element wakes it sooner). */
const WAIT_FLOOR_MS = 50;

/**
 * Submits a planned job, or keeps it waiting for its element. Returns false when the job can do
 * nothing more in this run (its element is parked for the next run).
 */
export async function submitWhenReady(context: RunContext, job: JobRecord, parked: ReadonlySet<number>): Promise<boolean> {
  if (job.element_job_id === null) return submitJob(context, job);
  const { ledger, clock } = context;
  const element = jobById(ledger, job.element_job_id);
  if (!element) throw new Error(`job ${job.id} waits for element job ${job.element_job_id}, which is not in the ledger`);
  const named = `element "${element.name}" (${displayName(element)})`;
  const event = (to: "failed" | "held", detail: string) =>
    context.emit({ type: "job", jobId: job.id, name: displayName(job), provider: job.provider, to, detail });

  // Only the `downloaded` case sends a request: the others give back the gate's slot they were admitted with.
  if (element.state !== "downloaded") gate(context, job.provider).released("submit");
  switch (element.state) {
    case "downloaded": {
      if (!element.element_id) throw new Error(`element job ${element.id} is done without an element id`);
      return submitJob(context, withElementId(job, element.element_id));
    }
    case "failed":
    case "output_expired": {
      const reason = `${named} could not be created: ${element.error ?? "failed"}`;
      recordDependencyFailed(ledger, job.id, element.failure_class ?? "provider", reason);
      event("failed", reason);
      return true;
    }
    case "held": {
      const reason = `held: waits for ${named}, which is held (--max-cost)`;
      recordHeld(ledger, job.id, reason);
      event("held", reason);
      return true;
    }
    default: {
      // The element is on its way (planned, in flight, or unknown and being reconciled). If this
      // run has given up on it, so does the video job; otherwise look again after its next step.
      if (parked.has(element.id)) return false;
      const firstPollMs = definition(context, job.provider).pollIntervals(context.env).firstMs;
      setNotBefore(ledger, job.id, Math.max(element.not_before_ms, clock.now() + Math.max(WAIT_FLOOR_MS, firstPollMs / 4)));
      return true;
    }
  }
}

/** An element job that succeeded: nothing to download; it is done, billed at its price per element (as planned). */
export async function settleElement(context: RunContext, job: JobRecord): Promise<boolean> {
  // A fixed price per element: what the plan priced it at is what it costs.
  recordElementReady(context.ledger, job.id, job.estimated_usd);
  context.emit({
    type: "job",
    jobId: job.id,
    name: displayName(job),
    provider: job.provider,
    to: "downloaded",
    detail: `element ${job.element_id ?? "?"} ready`,
  });
  return true;
}

/** The job with its spec completed by the id of the element it waited for (the ledger keeps the spec as planned). */
function withElementId(job: JobRecord, elementId: string): JobRecord {
  const spec = JSON.parse(job.spec_json) as JobSpec;
  if (!spec.element) return job;
  return { ...job, spec_json: JSON.stringify({ ...spec, element: { ...spec.element, id: elementId } }) };
}

export function isElementJob(job: Pick<JobRecord, "kind">): boolean {
  return job.kind === "element";
}
