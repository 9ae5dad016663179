import type { ExpandedJob } from "../manifest/job-spec.js";
import { loadManifests } from "../manifest/load.js";
import { formatPlace, placeOf } from "../manifest/place.js";
import { ManifestError, type ManifestProblem } from "../manifest/problem.js";
import { type InputProbe, preflight } from "../media/preflight.js";
import { probeFile } from "../media/probe.js";
import type { ProbeCache } from "../media/probe-cache.js";
import type { RemoteProbeOptions } from "../media/probe-remote.js";
import type { Price } from "../providers/pricing.js";
import { PROVIDER_NAMES, PROVIDERS, providerNamed } from "../providers/registry.js";
import { uploadConfigFromEnv } from "../upload/upload-config.js";
import { assessJob, inputLabel } from "./assess-job.js";
import { compareProviders, type ProviderOption } from "./compare.js";
import { planElements, unsupportedElement } from "./plan-elements.js";
import { type PlanTotals, totalsOf } from "./totals.js";

export interface PlannedJob {
  job: ExpandedJob;
  /** Seconds of reference video, as probed (null when it could not be). */
  probedSeconds: number | null;
  /** Billable seconds: the output is as long as the reference video, rounded as the provider bills. */
  estimatedSeconds: number | null;
  estimatedUsd: number | null;
  /** True when the duration is a bound, not a measurement (remote input that could not be probed). */
  upperBound: boolean;
  /** The dated price used. */
  price?: Price;
  /** Past --max-cost, counting jobs in plan order: the run would hold it. */
  overBudget: boolean;
}

export interface Plan {
  manifests: string[];
  rowCount: number;
  jobs: PlannedJob[];
  totalUsd: number;
  totals: PlanTotals;
  /** Every distinct input, as probed. */
  probes: InputProbe[];
  maxCostUsd?: number;
  /** With `compare`: the same jobs priced on every paid provider. */
  compare?: ProviderOption[];
  /** Things a person should know that do not stop the batch (unsupported parameters...). */
  warnings: string[];
}

export interface PlanOptions {
  /** `--provider`: overrides the provider column of every row. */
  provider?: string;
  /** `--sheet`: the worksheet of XLSX manifests. */
  sheet?: string;
  /** `--max-cost`: jobs past it (in plan order) are flagged. */
  maxCostUsd?: number;
  /** `--compare`: also price the batch on every paid provider. */
  compare?: boolean;
  /** Probe results of earlier plans (the ledger's media_probes). */
  cache?: ProbeCache;
  /** Upload store settings and provider keys are read from here. @default process.env */
  env?: NodeJS.ProcessEnv;
  remote?: RemoteProbeOptions;
}

/**
 * Validate, expand, probe, check every input against its provider's limits, and price: everything
 * before money is spent. Any problem, in any row, throws one ManifestError listing them all.
 */
export async function makePlan(manifests: readonly string[], options: PlanOptions = {}): Promise<Plan> {
  const env = options.env ?? process.env;
  const loaded = await loadManifests(manifests, {
    knownProviders: PROVIDER_NAMES,
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
  });
  const inputOptions = { canUpload: uploadConfigFromEnv(env) !== undefined };
  const probeMap = await preflight(
    loaded.jobs.flatMap((j) => [j.spec.image, j.spec.video]),
    { ...(options.cache ? { cache: options.cache } : {}), ...(options.remote ? { remote: options.remote } : {}) },
  );
  const problems: ManifestProblem[] = [];
  const warnings = new Set<string>();
  for (const probe of probeMap.values()) if (probe.warning) warnings.add(`${inputLabel(probe.ref)}: ${probe.warning}`);

  const jobs: PlannedJob[] = [];
  let runningUsd = 0;
  for (const job of loaded.jobs) {
    const { spec } = job;
    const place = job.rows[0] ?? { file: manifests[0] ?? "", row: 0 };
    const assessed = assessJob(spec, providerNamed(spec.provider), probeMap, inputOptions);
    for (const problem of assessed.problems) problems.push({ ...placeOf(place, problem.column), message: problem.message });
    for (const parameter of assessed.unsupported) {
      warnings.add(`${formatPlace(placeOf(place))}: ${spec.provider} cannot honour ${parameter}; it will not be sent`);
    }
    const noElement = unsupportedElement(providerNamed(spec.provider), spec);
    if (noElement) warnings.add(`${formatPlace(placeOf(place))}: ${spec.provider} cannot honour ${noElement}; it will not be sent`);
    if (assessed.upperBound) {
      warnings.add(`${inputLabel(spec.video)}: priced at the ${assessed.price?.billableSeconds ?? "longest allowed"} s maximum`);
    }
    const usd = assessed.price?.usd ?? null;
    runningUsd += usd ?? 0;
    jobs.push({
      job,
      probedSeconds: assessed.probedSeconds,
      estimatedSeconds: assessed.price?.billableSeconds ?? null,
      estimatedUsd: usd,
      upperBound: assessed.upperBound,
      ...(assessed.price ? { price: assessed.price } : {}),
      overBudget: options.maxCostUsd !== undefined && runningUsd > options.maxCostUsd + 1e-9,
    });
  }
  // Custom elements: one job per character, inserted before the videos that wait for it.
  const elements = await planElements(jobs, providerNamed, (path) => probeFile(path).catch(() => undefined));
  problems.push(...elements.problems);
  for (const warning of elements.warnings) warnings.add(warning);
  jobs.unshift(...elements.elements);
  if (problems.length > 0) throw new ManifestError(dedupe(problems));
  const totals = totalsOf(jobs);
  const totalUsd = Object.values(totals.byProvider).reduce((sum, t) => sum + t.usd, 0);
  return {
    manifests: [...manifests],
    rowCount: loaded.rowCount,
    jobs,
    totalUsd: Math.round(totalUsd * 10_000) / 10_000,
    totals,
    probes: [...probeMap.values()],
    ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}),
    ...(options.compare ? { compare: compareProviders(loaded.jobs, probeMap, PROVIDERS.values(), { ...inputOptions, env }) } : {}),
    warnings: [...warnings],
  };
}

function dedupe(problems: ManifestProblem[]): ManifestProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${formatPlace(p)}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
