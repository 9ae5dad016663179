import { relative } from "node:path";
import type { JobRecord } from "../ledger/job-record.js";
import { JOB_STATES, type JobState } from "../ledger/job-state.js";
import { roundUsd } from "../providers/pricing.js";

/** One job in the report (the fields of report.json, DESIGN.md). */
export interface ReportJob {
  job_key: string;
  /** `element`: the job created a Kling custom element (its id in `element_id`), not a video. */
  kind: "video" | "element";
  rows: string[];
  campaign: string;
  name: string;
  provider: string;
  model: string;
  mode: string;
  orientation: string;
  image: string;
  video: string;
  task_id: string | null;
  status: JobState;
  error: string | null;
  failure_class: string | null;
  estimated_usd: number | null;
  billed_usd: number | null;
  billed_seconds: number | null;
  output_path: string | null;
  output_sha256: string | null;
  output_bytes: number | null;
  /** Element job: the element id made. Video job: the element it used (when its character has one). */
  element_id: string | null;
  tags: Record<string, string>;
}

export interface ReportSummary {
  jobs: number;
  by_status: Record<JobState, number>;
  estimated_usd: number;
  billed_usd: number;
  billed_seconds: number;
  /** Jobs whose POST may have been accepted, at their estimated cost: money that may have been spent. */
  possibly_billed_usd: number;
  /** Paid outputs lost before they were downloaded. */
  lost_usd: number;
}

export interface Report {
  generated_at: string;
  ledger: string;
  summary: ReportSummary;
  jobs: ReportJob[];
}

/** Ledger rows -> report. Pure: paths are shown relative to `baseDir` (the output folder). */
export function summarize(
  records: readonly JobRecord[],
  rows: ReadonlyMap<number, { manifest: string; row: number }[]>,
  context: { ledger: string; baseDir: string; now: Date },
): Report {
  const elementIds = new Map(records.filter((r) => r.kind === "element").map((r) => [r.id, r.element_id]));
  const jobs: ReportJob[] = records.map((r) => ({
    job_key: r.job_key,
    kind: r.kind,
    rows: (rows.get(r.id) ?? []).map((x) => `${x.manifest}:${x.row}`),
    campaign: r.campaign,
    name: r.name,
    provider: r.provider,
    model: r.model,
    mode: r.mode,
    orientation: r.orientation,
    image: r.image,
    video: r.video,
    task_id: r.task_id,
    status: r.state,
    error: r.state === "downloaded" ? null : r.error,
    failure_class: r.failure_class,
    estimated_usd: r.estimated_usd,
    billed_usd: r.billed_usd,
    billed_seconds: r.billed_seconds,
    output_path: r.output_path ? relative(context.baseDir, r.output_path) || r.output_path : null,
    output_sha256: r.output_sha256,
    output_bytes: r.output_bytes,
    element_id: r.kind === "element" ? r.element_id : r.element_job_id !== null ? (elementIds.get(r.element_job_id) ?? null) : null,
    tags: JSON.parse(r.tags_json) as Record<string, string>,
  }));
  const by_status = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  let estimated = 0;
  let billed = 0;
  let seconds = 0;
  let possibly = 0;
  let lost = 0;
  for (const job of jobs) {
    by_status[job.status] += 1;
    estimated += job.estimated_usd ?? 0;
    billed += job.billed_usd ?? 0;
    seconds += job.billed_seconds ?? 0;
    if (job.status === "unknown" || job.status === "submitting") possibly += job.estimated_usd ?? 0;
    if (job.status === "output_expired") lost += job.billed_usd ?? job.estimated_usd ?? 0;
  }
  return {
    generated_at: context.now.toISOString(),
    ledger: context.ledger,
    summary: {
      jobs: jobs.length,
      by_status,
      estimated_usd: roundUsd(estimated),
      billed_usd: roundUsd(billed),
      billed_seconds: seconds,
      possibly_billed_usd: roundUsd(possibly),
      lost_usd: roundUsd(lost),
    },
    jobs,
  };
}
