import type { JobState } from "../ledger/job-state.js";

/** Where a run stands: what the live progress line shows. */
export interface RunProgress {
  /** Jobs of this run. */
  total: number;
  counts: Partial<Record<JobState, number>>;
  /** Estimated cost of every job that may be billed (what --max-cost caps). */
  committedUsd: number;
  /** What providers say they billed so far. */
  billedUsd: number;
}

/** What the runner tells the person watching (the CLI prints these; keys never appear in them). */
export type RunEvent =
  | { type: "job"; jobId: number; name: string; provider: string; to: JobState; detail?: string }
  | { type: "halted"; provider: string; reason: string }
  | { type: "notice"; message: string }
  | ({ type: "progress" } & RunProgress);
