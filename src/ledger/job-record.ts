import type { FailureClass } from "../providers/contract.js";
import type { JobState } from "./job-state.js";

/** A row of the `jobs` table, as stored. */
export interface JobRecord {
  id: number;
  job_key: string;
  spec_json: string;
  provider: string;
  model: string;
  mode: string;
  orientation: string;
  image: string;
  video: string;
  campaign: string;
  name: string;
  tags_json: string;
  output_name: string;
  state: JobState;
  /** `element`: the job creates a Kling custom element (migration 003). */
  kind: "video" | "element";
  /** On a video job: the element job it waits for. */
  element_job_id: number | null;
  /** On an element job: the provider's element id, once ready. */
  element_id: string | null;
  estimated_seconds: number | null;
  estimated_usd: number | null;
  attempt_count: number;
  client_ref: string | null;
  task_id: string | null;
  provider_status: string | null;
  output_url: string | null;
  /** ETag or Last-Modified of the output the `.part` file holds bytes of (sent as If-Range on resume). */
  download_validator: string | null;
  output_seconds: number | null;
  output_path: string | null;
  output_sha256: string | null;
  output_bytes: number | null;
  billed_seconds: number | null;
  billed_usd: number | null;
  failure_class: FailureClass | null;
  error: string | null;
  not_before_ms: number;
  created_at: string;
  updated_at: string;
}

/** How a job is named to a person: its output name without the extension (campaign/name_orientation_mode). */
export function displayName(job: Pick<JobRecord, "output_name">): string {
  return job.output_name.replace(/\.mp4$/, "");
}
