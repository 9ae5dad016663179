import type { ExpandedJob } from "../manifest/job-spec.js";
import { loadManifests } from "../manifest/load.js";
import { ManifestError, type ManifestProblem } from "../manifest/problem.js";
import { mediaLabel } from "../media/media-ref.js";
import { type MediaFacts, probeFile } from "../media/probe.js";
import { priceOf } from "../providers/pricing.js";
import { PROVIDER_NAMES, providerNamed } from "../providers/registry.js";
import { planElements, unsupportedElement } from "./plan-elements.js";

/** Kling's own input limits (PROVIDERS.md): the reference video's length by orientation. */
const VIDEO_SECONDS = { min: 3, max: { image: 10, video: 30 } } as const;

export interface PlannedJob {
  job: ExpandedJob;
  /** Billable seconds (the output is as long as the reference video). */
  estimatedSeconds: number | null;
  estimatedUsd: number | null;
  /** True when the duration is a bound, not a measurement (remote input, not probed). */
  upperBound: boolean;
}

export interface Plan {
  manifests: string[];
  rowCount: number;
  jobs: PlannedJob[];
  totalUsd: number;
  /** Things a person should know that do not stop the batch (unsupported parameters...). */
  warnings: string[];
}

/**
 * Validate, expand, probe and price: everything before money is spent. Any problem, in any row,
 * throws one ManifestError listing them all.
 */
export async function makePlan(manifests: readonly string[], options: { provider?: string } = {}): Promise<Plan> {
  const loaded = await loadManifests(manifests, {
    knownProviders: PROVIDER_NAMES,
    ...(options.provider ? { provider: options.provider } : {}),
  });
  const problems: ManifestProblem[] = [];
  const warnings = new Set<string>();
  const probes = new Map<string, Promise<MediaFacts | undefined>>();
  const probe = (path: string): Promise<MediaFacts | undefined> => {
    let known = probes.get(path);
    if (!known) {
      known = probeFile(path).catch(() => undefined);
      probes.set(path, known);
    }
    return known;
  };

  const jobs: PlannedJob[] = [];
  for (const job of loaded.jobs) {
    const { spec } = job;
    const provider = providerNamed(spec.provider);
    const place = job.rows[0] ?? { file: manifests[0] ?? "", row: 0 };
    const at = (column: string) => ({ file: place.file, row: place.row, column });
    for (const [role, ref] of [
      ["image", spec.image],
      ["video", spec.video],
    ] as const) {
      const problem = provider.inputProblem(ref, role);
      if (problem) problems.push({ ...at(role), message: `${mediaLabel(ref)}: ${problem}` });
    }
    const noElement = unsupportedElement(provider, spec);
    for (const parameter of [...provider.unsupported(spec), ...(noElement ? [noElement] : [])]) {
      warnings.add(`${place.file}:${place.row}: ${spec.provider} cannot honour ${parameter}; it will not be sent`);
    }

    let seconds: number | null = null;
    let upperBound = false;
    if (spec.image.kind === "local") {
      const facts = await probe(spec.image.path);
      if (facts?.kind !== "image")
        problems.push({ ...at("image"), message: `${spec.image.path} is not an image (${facts?.format ?? "unreadable"})` });
    }
    if (spec.video.kind === "local") {
      const facts = await probe(spec.video.path);
      if (facts?.kind !== "video" || facts.durationSeconds === undefined) {
        problems.push({ ...at("video"), message: `${spec.video.path} is not a video (${facts?.format ?? "unreadable"})` });
      } else {
        seconds = facts.durationSeconds;
        const max = VIDEO_SECONDS.max[spec.orientation];
        if (seconds < VIDEO_SECONDS.min - 0.05) {
          problems.push({
            ...at("video"),
            message: `${spec.video.path} is ${seconds.toFixed(1)} s; the shortest reference video is ${VIDEO_SECONDS.min} s`,
          });
        } else if (seconds > max + 0.05) {
          const fix = spec.orientation === "image" ? "use orientation=video, or trim the clip" : "trim the clip";
          problems.push({
            ...at("video"),
            message: `${spec.video.path} is ${seconds.toFixed(1)} s; with orientation=${spec.orientation} the limit is ${max} s (${fix})`,
          });
        }
      }
    } else {
      // A remote video is not probed yet: price it at the longest it may be, so the budget holds.
      seconds = VIDEO_SECONDS.max[spec.orientation];
      upperBound = true;
      warnings.add(`${place.file}:${place.row}: ${spec.video.url} is not probed; its cost is estimated at the ${seconds} s maximum`);
    }
    const price = seconds === null ? undefined : priceOf(provider.pricing, spec.model, spec.mode, seconds);
    if (seconds !== null && !price)
      problems.push({ ...at("model"), message: `${spec.provider} has no price for ${spec.model} ${spec.mode}` });
    jobs.push({ job, estimatedSeconds: price?.billableSeconds ?? null, estimatedUsd: price?.usd ?? null, upperBound });
  }
  // Custom elements: one job per character, inserted before the videos that wait for it.
  const elements = await planElements(jobs, providerNamed, probe);
  problems.push(...elements.problems);
  for (const warning of elements.warnings) warnings.add(warning);
  jobs.unshift(...elements.elements);
  if (problems.length > 0) throw new ManifestError(dedupe(problems));
  const totalUsd = jobs.reduce((sum, j) => sum + (j.estimatedUsd ?? 0), 0);
  return { manifests: [...manifests], rowCount: loaded.rowCount, jobs, totalUsd, warnings: [...warnings] };
}

function dedupe(problems: ManifestProblem[]): ManifestProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}|${p.row}|${p.column}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
