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
}

export interface Adapter {
  readonly provider: string;
  /** Creates a task. Paid, not idempotent. Throws ProviderError. */
  submit(request: SubmitRequest): Promise<SubmittedTask>;
  /** Reads a task. Free, safe to repeat. Throws ProviderError. */
  get(taskId: string): Promise<TaskState>;
  /**
   * Finds the task of an attempt by its client reference: the task, or undefined when the provider
   * says there is none. Absent when the provider offers no way to ask.
   */
  findByClientRef?(clientRef: string): Promise<SubmittedTask | undefined>;
}
