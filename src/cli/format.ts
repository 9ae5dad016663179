import { JOB_STATES, type JobState } from "../ledger/job-state.js";

export function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

/** "12 downloaded, 2 failed" in the order of the job states; zero counts left out. */
export function stateCounts(counts: Partial<Record<JobState, number>>): string {
  const parts = JOB_STATES.filter((s) => (counts[s] ?? 0) > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(", ") : "no jobs";
}

/** A plain aligned table for the terminal. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
