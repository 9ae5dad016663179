import type { MediaRef } from "../media/media-ref.js";
import { mediaLabel } from "../media/media-ref.js";
import { COLUMN_DEFAULTS, type Mode, type Model, type Orientation } from "./columns.js";
import { jobKey } from "./job-key.js";
import type { ElementSpec, ExpandedJob, JobSpec, RowRef } from "./job-spec.js";
import { safeSegment, stemOf } from "./output-name.js";

/** A validated row whose inputs are resolved. Each list holds one or more values of a cell. */
export interface ResolvedRow {
  source: RowRef;
  campaign: string;
  name?: string;
  images: MediaRef[];
  videos: MediaRef[];
  orientations: Orientation[];
  modes: Mode[];
  models: Model[];
  providers: string[];
  prompt?: string;
  keepSound?: boolean;
  cfgScale?: number;
  element?: ElementSpec;
  tags: Record<string, string>;
}

/**
 * Expands rows into jobs: each row gives the product of its cells. The same job asked twice (same
 * job key) is one job that remembers every row that asked for it. Pure: no I/O.
 */
export function expandRows(rows: readonly ResolvedRow[]): ExpandedJob[] {
  const byKey = new Map<string, ExpandedJob>();
  for (const row of rows) {
    for (const provider of row.providers)
      for (const model of row.models)
        for (const mode of row.modes)
          for (const orientation of row.orientations)
            for (const image of row.images)
              for (const video of row.videos) {
                const spec: JobSpec = {
                  provider,
                  model,
                  mode,
                  orientation,
                  image,
                  video,
                  ...(row.prompt !== undefined ? { prompt: row.prompt } : {}),
                  ...(row.keepSound !== undefined ? { keepSound: row.keepSound } : {}),
                  ...(row.cfgScale !== undefined ? { cfgScale: row.cfgScale } : {}),
                  ...(row.element !== undefined ? { element: row.element } : {}),
                };
                const key = jobKey(spec);
                const known = byKey.get(key);
                if (known) {
                  if (!known.rows.some((r) => r.file === row.source.file && r.row === row.source.row)) known.rows.push(row.source);
                  continue;
                }
                // A named row that expands over several inputs adds the stems that vary.
                const varying = [
                  ...(row.images.length > 1 ? [stemOf(mediaLabel(image))] : []),
                  ...(row.videos.length > 1 ? [stemOf(mediaLabel(video))] : []),
                ];
                const name = row.name ? [row.name, ...varying].join("_") : `${stemOf(mediaLabel(image))}_${stemOf(mediaLabel(video))}`;
                byKey.set(key, {
                  key,
                  spec,
                  campaign: row.campaign,
                  name,
                  tags: row.tags,
                  rows: [row.source],
                  outputName: outputNameOf(row.campaign, name, spec),
                });
              }
  }
  const jobs = [...byKey.values()];
  return disambiguateOutputs(jobs);
}

function outputNameOf(campaign: string, name: string, spec: JobSpec): string {
  const parts = [name, spec.orientation, spec.mode];
  if (spec.model !== COLUMN_DEFAULTS.model) parts.push(spec.model);
  return `${safeSegment(campaign)}/${safeSegment(parts.join("_"))}`;
}

/** No two jobs write one file, even on case-insensitive file systems: clashing names get the key. */
function disambiguateOutputs(jobs: ExpandedJob[]): ExpandedJob[] {
  const count = new Map<string, number>();
  for (const job of jobs) count.set(job.outputName.toLowerCase(), (count.get(job.outputName.toLowerCase()) ?? 0) + 1);
  return jobs.map((job) => {
    const clash = (count.get(job.outputName.toLowerCase()) ?? 0) > 1;
    const base = clash ? `${job.outputName}_${job.key.slice(0, 8)}` : job.outputName;
    return { ...job, outputName: `${base}.mp4` };
  });
}
