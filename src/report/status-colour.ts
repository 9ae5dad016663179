import type { JobState } from "../ledger/job-state.js";

/**
 * One colour per job state, shared by the XLSX and HTML reports so a status looks the same in
 * both: green done, red failed or lost, orange possibly billed, brown held, blue in flight.
 */
export const STATUS_COLOURS: Readonly<Record<JobState, string>> = {
  planned: "#757575",
  submitting: "#3949ab",
  submitted: "#1e88e5",
  running: "#1565c0",
  succeeded: "#00897b",
  downloading: "#00897b",
  downloaded: "#2e7d32",
  failed: "#c62828",
  unknown: "#ef6c00",
  held: "#6d4c41",
  output_expired: "#8e0000",
};
