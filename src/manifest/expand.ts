import type { MediaRef } from "../media/media-ref.js";
import { mediaLabel } from "../media/media-ref.js";
import { COLUMN_DEFAULTS, type Mode, type Model, type Orientation } from "./columns.js";
import { jobKey } from "./job-key.js";
import type { ElementSpec, ExpandedJob, JobSpec, RowRef } from "./job-spec.js";
import { safeSegment, stemOf } from "./output-name.js";
import { OUTPUT_EXTENSION, type OutputTemplate, renderOutputName } from "./output-template.js";

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
  /** A YAML campaign's `output:` template; absent: `{campaign}/{name}_{orientation}_{mode}` (+ `_{model}` when not the default). */
  outputTemplate?: OutputTemplate;
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
                  if (!known.rows.some((r) => sameRow(r, row.source))) known.rows.push(row.source);
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
                  outputName: outputNameOf(row, name, spec, key),
                });
              }
  }
  const jobs = [...byKey.values()];
  return disambiguateOutputs(jobs);
}

function sameRow(a: RowRef, b: RowRef): boolean {
  return a.file === b.file && a.sheet === b.sheet && a.row === b.row;
}

/** The output path without its extension: the row's template, or the default names. */
function outputNameOf(row: ResolvedRow, name: string, spec: JobSpec, key: string): string {
  if (row.outputTemplate) {
    return renderOutputName(row.outputTemplate, {
      campaign: row.campaign,
      name,
      image: stemOf(mediaLabel(spec.image)),
      video: stemOf(mediaLabel(spec.video)),
      orientation: spec.orientation,
      mode: spec.mode,
      model: spec.model,
      provider: spec.provider,
      key: key.slice(0, KEY_IN_NAME),
    });
  }
  const parts = [name, spec.orientation, spec.mode];
  if (spec.model !== COLUMN_DEFAULTS.model) parts.push(spec.model);
  return `${safeSegment(row.campaign)}/${safeSegment(parts.join("_"))}`;
}

/** How much of the job key goes into a name (`{key}`, and a name that clashes). */
const KEY_IN_NAME = 8;

/**
 * No two jobs write one file, even on case-insensitive file systems, and no output is named like
 * another output's folder: such names get the job key. (The runner never overwrites a file that
 * is already there either: see runner/place-output.ts.)
 */
function disambiguateOutputs(jobs: ExpandedJob[]): ExpandedJob[] {
  const count = new Map<string, number>();
  const folders = new Set<string>();
  for (const job of jobs) {
    const name = job.outputName.toLowerCase();
    count.set(name, (count.get(name) ?? 0) + 1);
    const segments = name.split("/");
    for (let n = 1; n < segments.length; n += 1) folders.add(segments.slice(0, n).join("/"));
  }
  return jobs.map((job) => {
    const name = job.outputName.toLowerCase();
    const clash = (count.get(name) ?? 0) > 1 || folders.has(`${name}${OUTPUT_EXTENSION}`);
    const base = clash ? `${job.outputName}_${job.key.slice(0, KEY_IN_NAME)}` : job.outputName;
    return { ...job, outputName: `${base}${OUTPUT_EXTENSION}` };
  });
}
