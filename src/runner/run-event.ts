import type { JobState } from "../ledger/job-state.js";

/** What the runner tells the person watching (the CLI prints these; keys never appear in them). */
export type RunEvent =
  | { type: "job"; jobId: number; name: string; provider: string; to: JobState; detail?: string }
  | { type: "halted"; provider: string; reason: string }
  | { type: "notice"; message: string };
