import { mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { displayName, type JobRecord } from "../ledger/job-record.js";
import { taskHandle } from "../ledger/queries.js";
import { beginDownload, recordDownloaded, recordDownloadRetry, recordOutputExpired, setDownloadValidator } from "../ledger/transitions.js";
import { probeFile } from "../media/probe.js";
import { ProviderError } from "../providers/provider-error.js";
import { DownloadError, downloadFile } from "./download-file.js";
import { placeOutput } from "./place-output.js";
import { backoffMs, READ_BACKOFF } from "./retry-policy.js";
import { JOB_READS_PER_RUN, noteOutcome, noteReadFailure, type RunContext, session } from "./run-context.js";

/**
 * Downloads a finished output: streamed to `.part`, checked (length, a video), fsync'd, renamed,
 * recorded with its sha256 and size. A dead link is refreshed by fetching the task again; if the
 * provider has no link any more the job is `output_expired`, a paid loss.
 * Returns false when the job should wait for the next run.
 */
export async function downloadJob(context: RunContext, job: JobRecord): Promise<boolean> {
  const { ledger, clock } = context;
  if (!job.output_url) throw new Error(`job ${job.id} succeeded without an output link`);
  beginDownload(ledger, job.id);
  const dest = resolve(context.outDir, job.output_name);
  const part = `${dest}.part`;
  mkdirSync(dirname(dest), { recursive: true });
  try {
    const { sha256, bytes } = await downloadFile(job.output_url, part, {
      validator: job.download_validator,
      onValidator: (validator) => setDownloadValidator(ledger, job.id, validator),
    });
    const facts = await probeFile(part).catch(() => undefined);
    if (facts?.kind !== "video") {
      await rm(part, { force: true });
      throw new DownloadError(`the downloaded file is not a video (${facts?.format ?? "unreadable"})`, "retry");
    }
    const expected = job.billed_seconds ?? job.estimated_seconds;
    const actual = facts.durationSeconds;
    if (expected !== null && actual !== undefined && Math.abs(actual - expected) > Math.max(1.5, expected * 0.25)) {
      // A paid output is kept whatever its length; the person checking the batch should know.
      context.emit({
        type: "notice",
        message: `${displayName(job)}: the output is ${actual.toFixed(1)} s long; ${job.provider} billed ${expected} s`,
      });
    }
    const path = await placeOutput(part, dest, sha256);
    recordDownloaded(ledger, job.id, { path, sha256, bytes });
    context.readFailures.delete(job.id);
    context.emit({ type: "job", jobId: job.id, name: displayName(job), provider: job.provider, to: "downloaded", detail: path });
    return true;
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error;
    const failures = noteReadFailure(context, job.id);
    const later = clock.now() + backoffMs(READ_BACKOFF, failures - 1, context.random);
    if (error.kind !== "expired" || !job.task_id) {
      recordDownloadRetry(ledger, job.id, later, error.message);
      return failures < JOB_READS_PER_RUN;
    }
    // The link may have expired or moved: ask the provider for a fresh one (free).
    let fresh: string | undefined;
    try {
      const state = await session(context, job.provider).adapter.get(job.task_id, taskHandle(ledger, job.id, job.task_id));
      fresh = state.status === "succeeded" ? state.outputUrl : undefined;
    } catch (refreshError) {
      if (!(refreshError instanceof ProviderError)) throw refreshError;
      noteOutcome(context, job.provider, "read", refreshError);
      recordDownloadRetry(ledger, job.id, later, `${error.message}; refreshing the link failed: ${refreshError.message}`);
      return failures < JOB_READS_PER_RUN;
    }
    if (!fresh) {
      // Only the provider saying it has no output any more makes a paid output lost.
      recordOutputExpired(ledger, job.id, `paid output lost: ${error.message} and ${job.provider} has no new link`);
      context.emit({
        type: "job",
        jobId: job.id,
        name: displayName(job),
        provider: job.provider,
        to: "output_expired",
        detail: error.message,
      });
      return true;
    }
    recordDownloadRetry(ledger, job.id, fresh === job.output_url ? later : clock.now(), error.message, fresh);
    return failures < JOB_READS_PER_RUN;
  }
}
