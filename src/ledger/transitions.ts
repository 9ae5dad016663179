/**
 * One function per job state transition. Each is one short synchronous transaction (never held
 * across an await) that checks the state it moves from and appends to `events`.
 */
import { elementJobKey } from "../manifest/job-key.js";
import { type ExpandedJob, specLabels } from "../manifest/job-spec.js";
import { mediaLabel } from "../media/media-ref.js";
import type { FailureClass, TaskState } from "../providers/contract.js";
import type { JobState } from "./job-state.js";
import type { Ledger } from "./open-ledger.js";

const now = (): string => new Date().toISOString();

export class TransitionError extends Error {
  constructor(jobId: number, to: JobState, from: readonly JobState[]) {
    super(`job ${jobId} cannot move to ${to}: it is not ${from.join(" or ")}`);
    this.name = "TransitionError";
  }
}

/** Moves a job from one of `from` to `to`, setting `fields`; one transaction with its event. */
function move(
  ledger: Ledger,
  jobId: number,
  from: readonly JobState[],
  to: JobState,
  fields: Record<string, string | number | null> = {},
  detail?: string,
): void {
  const { db } = ledger;
  db.transaction(() => {
    const row = db.prepare("SELECT state FROM jobs WHERE id = ?").get(jobId) as { state: JobState } | undefined;
    if (!row || !from.includes(row.state)) throw new TransitionError(jobId, to, from);
    const names = Object.keys(fields);
    const sets = ["state = @state", "updated_at = @updated_at", ...names.map((n) => `${n} = @${n}`)].join(", ");
    db.prepare(`UPDATE jobs SET ${sets} WHERE id = @id`).run({ ...fields, state: to, updated_at: now(), id: jobId });
    db.prepare("INSERT INTO events (job_id, run_id, at, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?, ?)").run(
      jobId,
      ledger.runId ?? null,
      now(),
      row.state,
      to,
      detail ?? null,
    );
  })();
}

/** Records the outcome of a job's current attempt (the one its client reference names). */
function markAttempt(
  ledger: Ledger,
  jobId: number,
  outcome: "accepted" | "not_accepted" | "released",
  taskId?: string,
  handle?: string,
): void {
  ledger.db
    .prepare(
      "UPDATE attempts SET outcome = ?, task_id = COALESCE(?, task_id), handle = COALESCE(?, handle) WHERE job_id = ? AND client_ref = (SELECT client_ref FROM jobs WHERE id = ?)",
    )
    .run(outcome, taskId ?? null, handle ?? null, jobId, jobId);
}

export interface PlannedJobInput {
  job: ExpandedJob;
  estimatedSeconds: number | null;
  estimatedUsd: number | null;
}

/**
 * Inserts planned jobs; a job key already in the ledger keeps its state (it is the same job, never
 * paid twice) and only learns which rows asked for it. Returns how many jobs were new.
 */
export function insertPlannedJobs(ledger: Ledger, inputs: readonly PlannedJobInput[]): { added: number; existing: number } {
  const { db } = ledger;
  const insert = db.prepare(`
    INSERT INTO jobs (job_key, spec_json, provider, model, mode, orientation, image, video, campaign, name,
                      tags_json, output_name, state, estimated_seconds, estimated_usd, created_at, updated_at,
                      kind, element_job_id)
    VALUES (@job_key, @spec_json, @provider, @model, @mode, @orientation, @image, @video, @campaign, @name,
            @tags_json, @output_name, 'planned', @estimated_seconds, @estimated_usd, @at, @at,
            @kind, (SELECT id FROM jobs WHERE job_key = @element_key))
    ON CONFLICT (job_key) DO NOTHING`);
  const idOf = db.prepare("SELECT id FROM jobs WHERE job_key = ?");
  const refresh = db.prepare(
    "UPDATE jobs SET spec_json = @spec_json, image = @image, video = @video WHERE id = @id AND state IN ('planned', 'held')",
  );
  const addRow = db.prepare("INSERT OR IGNORE INTO job_rows (job_id, manifest, row) VALUES (?, ?, ?)");
  const event = db.prepare("INSERT INTO events (job_id, run_id, at, from_state, to_state, detail) VALUES (?, ?, ?, NULL, 'planned', ?)");
  let added = 0;
  db.transaction(() => {
    for (const { job, estimatedSeconds, estimatedUsd } of inputs) {
      const at = now();
      const result = insert.run({
        job_key: job.key,
        spec_json: JSON.stringify(job.spec),
        provider: job.spec.provider,
        ...specLabels(job.spec),
        kind: job.spec.kind ?? "video",
        // A video job waits for its character's element job, when one was planned (inserted first).
        element_key: job.spec.kind === "element" ? null : (elementJobKey(job.spec) ?? null),
        image: mediaLabel(job.spec.image),
        video: mediaLabel(job.spec.video),
        campaign: job.campaign,
        name: job.name,
        tags_json: JSON.stringify(job.tags),
        output_name: job.outputName,
        estimated_seconds: estimatedSeconds,
        estimated_usd: estimatedUsd,
        at,
      });
      const { id } = idOf.get(job.key) as { id: number };
      if (result.changes > 0) {
        added += 1;
        event.run(id, ledger.runId ?? null, at, "from the manifest");
      } else {
        // Same job (same content): where its inputs are now, for a job not yet sent.
        refresh.run({ id, spec_json: JSON.stringify(job.spec), image: mediaLabel(job.spec.image), video: mediaLabel(job.spec.video) });
      }
      for (const row of job.rows) addRow.run(id, row.file, row.row);
    }
  })();
  return { added, existing: inputs.length - added };
}

/**
 * Intent before payment: records the attempt and moves the job to `submitting`. Committed before
 * the POST is sent, so a crash after the POST finds the attempt and reconciles it. A job keeps its
 * client reference until an attempt is accepted: a refused or never-found attempt is sent again
 * under the same reference, so a provider enforcing unique references refuses it if an earlier
 * POST did land after all. Only the operator's release of an unknown job starts a new reference.
 */
export function beginAttempt(
  ledger: Ledger,
  jobId: number,
  fingerprint: string,
  clientRefFor: (attempt: number) => string,
): { number: number; clientRef: string } {
  const { db } = ledger;
  return db.transaction(() => {
    const job = db.prepare("SELECT attempt_count, client_ref FROM jobs WHERE id = ?").get(jobId) as
      | { attempt_count: number; client_ref: string | null }
      | undefined;
    if (!job) throw new TransitionError(jobId, "submitting", ["planned"]);
    const last = job.client_ref
      ? (db.prepare("SELECT outcome FROM attempts WHERE client_ref = ?").get(job.client_ref) as { outcome: string | null } | undefined)
      : undefined;
    let number: number;
    let clientRef: string;
    if (job.client_ref && last?.outcome === "not_accepted") {
      number = job.attempt_count;
      clientRef = job.client_ref;
      db.prepare("UPDATE attempts SET outcome = NULL, intent_at = ?, run_id = ?, request_fingerprint = ? WHERE client_ref = ?").run(
        now(),
        ledger.runId ?? null,
        fingerprint,
        clientRef,
      );
    } else {
      number = job.attempt_count + 1;
      clientRef = clientRefFor(number);
      db.prepare("INSERT INTO attempts (job_id, number, client_ref, request_fingerprint, run_id, intent_at) VALUES (?, ?, ?, ?, ?, ?)").run(
        jobId,
        number,
        clientRef,
        fingerprint,
        ledger.runId ?? null,
        now(),
      );
    }
    move(ledger, jobId, ["planned"], "submitting", { attempt_count: number, client_ref: clientRef, error: null }, `attempt ${number}`);
    return { number, clientRef };
  })();
}

/**
 * The provider accepted the attempt: its task id (and the adapter's handle for it, if any) is
 * committed as soon as it is known.
 */
export function recordAccepted(
  ledger: Ledger,
  jobId: number,
  taskId: string,
  providerStatus: string,
  detail?: string,
  handle?: string,
): void {
  const { db } = ledger;
  db.transaction(() => {
    markAttempt(ledger, jobId, "accepted", taskId, handle);
    move(ledger, jobId, ["submitting", "unknown"], "submitted", { task_id: taskId, provider_status: providerStatus, error: null }, detail);
  })();
}

/**
 * Known not accepted (nothing sent, refused for a limit, or not found by reconciliation): back to
 * planned, to try after `notBeforeMs`, under the same client reference.
 */
export function recordNotAccepted(ledger: Ledger, jobId: number, notBeforeMs: number, reason: string): void {
  const { db } = ledger;
  db.transaction(() => {
    markAttempt(ledger, jobId, "not_accepted");
    move(ledger, jobId, ["submitting", "unknown"], "planned", { not_before_ms: notBeforeMs, error: reason }, reason);
  })();
}

/** The POST may have been accepted and we do not know: never resubmitted blindly. */
export function recordUnknown(ledger: Ledger, jobId: number, reason: string): void {
  move(ledger, jobId, ["submitting", "unknown"], "unknown", { error: reason }, reason);
}

/** A poll's answer: queued/running keep the job in flight; succeeded records the output link and billing. */
export function recordTaskState(
  ledger: Ledger,
  jobId: number,
  state: TaskState,
  billed: { seconds: number | null; usd: number | null },
  nextPollMs: number,
): void {
  const from: JobState[] = ["submitted", "running"];
  switch (state.status) {
    case "queued":
    case "running": {
      const to: JobState = state.status === "queued" ? "submitted" : "running";
      const { db } = ledger;
      const current = db.prepare("SELECT state FROM jobs WHERE id = ?").get(jobId) as { state: JobState } | undefined;
      if (current?.state === to) {
        // No state change: only the next poll time moves; no event for every poll.
        db.prepare("UPDATE jobs SET provider_status = ?, not_before_ms = ? WHERE id = ? AND state = ?").run(
          state.providerStatus,
          nextPollMs,
          jobId,
          to,
        );
        return;
      }
      move(ledger, jobId, from, to, { provider_status: state.providerStatus, not_before_ms: nextPollMs });
      return;
    }
    case "succeeded":
      move(ledger, jobId, from, "succeeded", {
        provider_status: state.providerStatus,
        ...(state.elementId !== undefined ? { element_id: state.elementId } : {}),
        output_url: state.outputUrl ?? null,
        output_seconds: state.outputSeconds ?? null,
        billed_seconds: billed.seconds,
        billed_usd: billed.usd,
        not_before_ms: 0,
      });
      return;
    case "failed":
      recordFailed(ledger, jobId, state.failure?.class ?? "provider", state.failure?.message ?? "failed", state.providerStatus);
  }
}

/** The job failed: by the provider's refusal (nothing billed) or a failed task. */
export function recordFailed(ledger: Ledger, jobId: number, failureClass: FailureClass, message: string, providerStatus?: string): void {
  move(
    ledger,
    jobId,
    ["submitting", "submitted", "running", "unknown"],
    "failed",
    { failure_class: failureClass, error: message, ...(providerStatus ? { provider_status: providerStatus } : {}) },
    message,
  );
}

export function beginDownload(ledger: Ledger, jobId: number): void {
  move(ledger, jobId, ["succeeded"], "downloading");
}

/** Remembers which version of the output the `.part` file holds (its ETag or Last-Modified). */
export function setDownloadValidator(ledger: Ledger, jobId: number, validator: string | null): void {
  ledger.db.prepare("UPDATE jobs SET download_validator = ? WHERE id = ?").run(validator, jobId);
}

/** A download that did not finish goes back to `succeeded`, to try again after `notBeforeMs`. */
export function recordDownloadRetry(ledger: Ledger, jobId: number, notBeforeMs: number, reason: string, outputUrl?: string): void {
  move(
    ledger,
    jobId,
    ["downloading"],
    "succeeded",
    { not_before_ms: notBeforeMs, error: reason, ...(outputUrl ? { output_url: outputUrl } : {}) },
    reason,
  );
}

export function recordDownloaded(ledger: Ledger, jobId: number, output: { path: string; sha256: string; bytes: number }): void {
  move(ledger, jobId, ["downloading"], "downloaded", {
    output_path: output.path,
    output_sha256: output.sha256,
    output_bytes: output.bytes,
    error: null,
  });
}

/** Paid, but the link died before the output was saved: a paid loss, shown as such. */
export function recordOutputExpired(ledger: Ledger, jobId: number, reason: string): void {
  move(ledger, jobId, ["downloading", "succeeded"], "output_expired", { error: reason }, reason);
}

/** Past the budget: held, never submitted in this run. */
export function recordHeld(ledger: Ledger, jobId: number, reason: string): void {
  move(ledger, jobId, ["planned"], "held", { error: reason }, reason);
}

/**
 * At the start of a run: held jobs are planned again (the budget is checked anew), and the steps a
 * crash cut short are made safe: an intent without an answer is `unknown` (the POST may have been
 * sent), an unfinished download is `succeeded` again (it restarts from its `.part`).
 */
export function recoverAtStart(ledger: Ledger): { unknown: number; downloads: number; released: number } {
  const { db } = ledger;
  const ids = (state: JobState): number[] =>
    (db.prepare("SELECT id FROM jobs WHERE state = ?").all(state) as { id: number }[]).map((r) => r.id);
  let unknown = 0;
  let downloads = 0;
  let released = 0;
  for (const id of ids("submitting")) {
    move(
      ledger,
      id,
      ["submitting"],
      "unknown",
      { error: "interrupted after the intent was recorded: the POST may have been sent" },
      "recovered at start",
    );
    unknown += 1;
  }
  for (const id of ids("downloading")) {
    move(ledger, id, ["downloading"], "succeeded", {}, "download interrupted; resuming");
    downloads += 1;
  }
  for (const id of ids("held")) {
    move(ledger, id, ["held"], "planned", { error: null }, "released for this run's budget check");
    released += 1;
  }
  return { unknown, downloads, released };
}

/** Moves a job back to planned; only `motionbatch reconcile --resubmit-unknown` does this for unknown jobs. */
export function releaseUnknown(ledger: Ledger, jobId: number, reason: string): void {
  const { db } = ledger;
  db.transaction(() => {
    // The operator takes the risk: the next attempt gets a new client reference.
    markAttempt(ledger, jobId, "released");
    move(ledger, jobId, ["unknown"], "planned", { error: null, not_before_ms: 0 }, reason);
  })();
}

export function setNotBefore(ledger: Ledger, jobId: number, notBeforeMs: number): void {
  ledger.db.prepare("UPDATE jobs SET not_before_ms = ? WHERE id = ?").run(notBeforeMs, jobId);
}

/**
 * An element job whose element is ready: there is nothing to download, so it is done
 * (`downloaded`), billed at its price per element.
 */
export function recordElementReady(ledger: Ledger, jobId: number, billedUsd: number | null): void {
  const row = ledger.db.prepare("SELECT element_id FROM jobs WHERE id = ?").get(jobId) as { element_id: string | null } | undefined;
  move(
    ledger,
    jobId,
    ["succeeded"],
    "downloaded",
    { billed_usd: billedUsd, error: null, not_before_ms: 0 },
    `element ${row?.element_id ?? "?"} ready`,
  );
}

/** A planned job that can never be sent because a job it needs (its element) failed. Nothing was billed. */
export function recordDependencyFailed(ledger: Ledger, jobId: number, failureClass: FailureClass, message: string): void {
  move(ledger, jobId, ["planned"], "failed", { failure_class: failureClass, error: message }, message);
}
