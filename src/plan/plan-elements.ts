import { elementJobKey } from "../manifest/job-key.js";
import type { ExpandedJob, JobSpec } from "../manifest/job-spec.js";
import { safeSegment } from "../manifest/output-name.js";
import type { ManifestProblem } from "../manifest/problem.js";
import { mediaLabel } from "../media/media-ref.js";
import type { MediaFacts } from "../media/probe.js";
import type { ProviderDefinition } from "../providers/provider-definition.js";
import type { PlannedJob } from "./make-plan.js";

export interface ElementPlan {
  /** One job per element to create, to be inserted before the jobs that wait for it. */
  elements: PlannedJob[];
  problems: ManifestProblem[];
  warnings: string[];
}

/** Why a provider cannot take a job's element, for the plan's warnings; undefined when it can. */
export function unsupportedElement(provider: ProviderDefinition, spec: JobSpec): string | undefined {
  if (!spec.element || provider.elements) return undefined;
  return `element (${provider.name} cannot create Kling custom elements; the video is made without "${spec.element.name}")`;
}

/**
 * The element jobs of a plan: one per character (provider, character image, element video, name,
 * description), however many videos of that character there are. Each is priced per element. The
 * videos of a character wait for their element in the runner (runner/element-job.ts).
 */
export async function planElements(
  jobs: readonly PlannedJob[],
  providerNamed: (name: string) => ProviderDefinition,
  probe: (path: string) => Promise<MediaFacts | undefined>,
): Promise<ElementPlan> {
  const byKey = new Map<string, PlannedJob>();
  const problems: ManifestProblem[] = [];
  const unknownPrices = new Map<string, number>();
  for (const { job } of jobs) {
    const { spec } = job;
    const element = spec.element;
    const provider = providerNamed(spec.provider);
    const key = elementJobKey(spec);
    if (!element || !provider.elements || !key) continue;
    const known = byKey.get(key);
    if (known) {
      for (const row of job.rows) if (!known.job.rows.some((r) => r.file === row.file && r.row === row.row)) known.job.rows.push(row);
      continue;
    }
    const place = job.rows[0] ?? { file: "", row: 0 };
    const problem = provider.inputProblem(element.video, "video");
    if (problem) problems.push({ ...place, column: "element", message: `${mediaLabel(element.video)}: ${problem}` });
    if (element.video.kind === "local") {
      const facts = await probe(element.video.path);
      if (facts?.kind !== "video")
        problems.push({ ...place, column: "element", message: `${element.video.path} is not a video (${facts?.format ?? "unreadable"})` });
    }
    const { price } = provider.elements;
    if (price.verified === "unknown") unknownPrices.set(provider.name, (unknownPrices.get(provider.name) ?? 0) + 1);
    const elementJob: ExpandedJob = {
      key,
      // Model, mode and orientation do not apply to an element; they are kept only to fill the spec.
      spec: {
        kind: "element",
        provider: spec.provider,
        model: spec.model,
        mode: spec.mode,
        orientation: spec.orientation,
        image: spec.image,
        video: element.video,
        element: { ...element },
      },
      campaign: job.campaign,
      name: element.name,
      tags: {},
      rows: [...job.rows],
      outputName: `${safeSegment(job.campaign)}/element_${safeSegment(element.name)}_${key.slice(0, 8)}`,
    };
    byKey.set(key, {
      job: elementJob,
      probedSeconds: null,
      estimatedSeconds: null,
      estimatedUsd: price.usdPerElement,
      upperBound: false,
      overBudget: false,
    });
  }
  const warnings = [...unknownPrices].map(
    ([provider, count]) => `${provider}: the price of a custom element is unknown (no published price); ${count} element(s) counted as $0`,
  );
  return { elements: [...byKey.values()], problems, warnings };
}
