/**
 * The adapter interface: our code for one provider.
 *
 * Glossary (DESIGN.md): a **job** is ours; a **task** is the provider's unit of work, known by its
 * task id; an **attempt** is one paid submission of a job, carrying a **client reference** that
 * the provider can be asked about later (Kling's `external_task_id`).
 */
import type { JobSpec } from "../manifest/job-spec.js";

/** Our view of a task's state, whatever the provider calls it. */
export type TaskStatus = "queued" | "running" | "succeeded" | "failed";

/** Why a task or job failed, for the report. */
export type FailureClass = "input" | "provider" | "content-policy";

export interface TaskState {
  status: TaskStatus;
  /** The provider's own word for it (e.g. Kling's `succeed`). */
  providerStatus: string;
  /** Set when succeeded. */
  outputUrl?: string;
  /** Seconds of output the provider says it made (what per-second billing counts). */
  outputSeconds?: number;
  /** Set when a task that creates a Kling custom element succeeded: the element id, exact (as text). */
  elementId?: string;
  /** Set when failed. */
  failure?: { class: FailureClass; message: string };
}

export interface SubmitRequest {
  spec: JobSpec;
  /** Unique per attempt; lets the task be found again if the answer to the POST is lost. */
  clientRef: string;
  imageUrl: string;
  videoUrl: string;
}

export interface SubmittedTask {
  taskId: string;
  state: TaskState;
  /**
   * What else the provider needs to find the task again, kept with the attempt in the ledger and
   * given back to `get` (fal's `status_url` and `response_url`, which must not be rebuilt;
   * Freepik's model path). Opaque to everyone but the adapter that made it.
   */
  handle?: string;
}

/** A span of time, in ms since the epoch. */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

export interface Adapter {
  readonly provider: string;
  /** Creates a task. Paid, not idempotent. Throws ProviderError. */
  submit(request: SubmitRequest): Promise<SubmittedTask>;
  /** Reads a task (with the handle `submit` returned, if any). Free, safe to repeat. Throws ProviderError. */
  get(taskId: string, handle?: string): Promise<TaskState>;
  /**
   * Finds the task of an attempt by its client reference: the task, or undefined when the provider
   * says there is none. Absent when the provider offers no way to ask.
   */
  findByClientRef?(clientRef: string): Promise<SubmittedTask | undefined>;
  /**
   * Lists the provider's tasks that could be the one a lost POST created: created in `window` (when
   * the list shows creation times) and matching every field of the request that the list shows
   * (URLs compared without their query strings: presigned URLs change). The caller adopts a
   * candidate only when exactly one is not already known. Absent when the provider has no list.
   */
  findByRequest?(request: SubmitRequest, window: TimeWindow): Promise<SubmittedTask[]>;
}
