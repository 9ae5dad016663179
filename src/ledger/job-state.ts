/** Job states (DESIGN.md). A job moves to `submitting` in a committed transaction before any POST. */
export const JOB_STATES = [
  "planned",
  "submitting",
  "submitted",
  "running",
  "succeeded",
  "downloading",
  "downloaded",
  "failed",
  "unknown",
  "held",
  "output_expired",
] as const;

export type JobState = (typeof JOB_STATES)[number];

/** States where the provider may have billed the job: they count against --max-cost. */
export const MAYBE_BILLED: readonly JobState[] = [
  "submitting",
  "submitted",
  "running",
  "succeeded",
  "downloading",
  "downloaded",
  "unknown",
  "output_expired",
];
