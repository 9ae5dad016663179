import type { ReportJob } from "./summarize.js";

/** States that need a person: the job did not end with its video on disk. */
const ATTENTION = new Set(["failed", "unknown", "output_expired", "held"]);

/** Whether the job belongs in the failures table: it ended badly, or it is waiting with a reason. */
export function needsAttention(job: Pick<ReportJob, "status" | "error">): boolean {
  return ATTENTION.has(job.status) || (job.status !== "downloaded" && job.error !== null);
}

/**
 * What we suggest doing about a job that needs attention, in one or two plain sentences. It says
 * only what motionbatch really does: a failed job keeps its job key, so the same row is never sent
 * again; a changed row is a new job.
 */
export function suggestFix(job: Pick<ReportJob, "status" | "failure_class" | "provider" | "task_id">): string {
  switch (job.status) {
    case "failed":
      switch (job.failure_class) {
        case "content-policy":
          return "The provider's content filter refused it. Use another character image or reference video, or change the prompt; the changed row is a new job on the next run.";
        case "input":
          return "The provider refused an input. Check the image and video against its limits (motionbatch providers), fix the row and run again; the changed row is a new job.";
        default:
          return "The provider could not make this video (failed tasks are usually refunded: see the billed cost). A failed job is not sent again; change the prompt or the provider of the row to try once more.";
      }
    case "unknown":
      return "The request may have reached the provider and may be billed. Run the same command again: it looks the task up by its reference before sending anything.";
    case "output_expired":
      return `Paid, but the output link expired before the download. Ask ${job.provider} for task ${job.task_id ?? "(no task id)"}: the video or a refund.`;
    case "held":
      return "Held by --max-cost. Raise --max-cost and run the same command again.";
    default:
      return "Not finished yet. Run the same command again to continue; it resumes where it stopped.";
  }
}
