import { basename } from "node:path";
import type { JobSpec } from "../manifest/job-spec.js";
import { limitProblems } from "../media/check-limits.js";
import { type MediaRef, mediaIdentity } from "../media/media-ref.js";
import type { InputProbe } from "../media/preflight.js";
import { inputLimitsOf } from "../providers/limits.js";
import { type Price, priceOf } from "../providers/pricing.js";
import type { InputOptions, ProviderDefinition } from "../providers/provider-definition.js";

/** A reason a provider cannot run a job, with the manifest column it is about. */
export interface JobProblem {
  column: "image" | "video" | "model" | "mode";
  message: string;
}

/** What one provider would make of one job: can it run it, and what would it cost. */
export interface JobAssessment {
  problems: JobProblem[];
  /** Parameters the provider cannot honour (they would not be sent). */
  unsupported: string[];
  /** Seconds of reference video, as probed; null when not probed. */
  probedSeconds: number | null;
  /** True when the estimate assumes the longest allowed video (a remote input that could not be probed). */
  upperBound: boolean;
  price?: Price;
}

/** How an input is named in messages: the file name, or the URL. */
export function inputLabel(ref: MediaRef): string {
  return ref.kind === "local" ? basename(ref.path) : ref.url;
}

/** The longest video a job may have when it could not be probed: the provider's limit, or Kling's 30 s. */
const FALLBACK_MAX_SECONDS = 30;

/**
 * Checks one job spec against one provider (its input rules, its limits for the probed inputs,
 * its prices) and prices it: probed seconds, rounded as the provider bills, at its dated price.
 */
export function assessJob(
  spec: JobSpec,
  provider: ProviderDefinition,
  probes: ReadonlyMap<string, InputProbe>,
  options: InputOptions,
): JobAssessment {
  const problems: JobProblem[] = [];
  const limits = inputLimitsOf(provider.name);
  let probedSeconds: number | null = null;
  let upperBound = false;
  for (const role of ["image", "video"] as const) {
    const ref = spec[role];
    const rule = provider.inputProblem(ref, role, options);
    if (rule) problems.push({ column: role, message: `${inputLabel(ref)}: ${rule}` });
    const probe = probes.get(mediaIdentity(ref));
    if (probe?.problem) problems.push({ column: role, message: `${inputLabel(ref)}: ${probe.problem}` });
    if (!probe?.facts) continue;
    const found = limitProblems(
      {
        role,
        label: inputLabel(ref),
        facts: probe.facts,
        ...(probe.bytes !== undefined ? { bytes: probe.bytes } : {}),
        orientation: spec.orientation,
        provider: provider.name,
      },
      limits,
    );
    for (const message of found) problems.push({ column: role, message });
    if (role === "video" && found.length === 0) {
      probedSeconds = probe.facts.durationSeconds ?? null;
      // Without a length there is no price, and a job without a price would pass any budget.
      if (probedSeconds === null)
        problems.push({
          column: role,
          message: `${inputLabel(ref)}: its length cannot be read (${probe.facts.format}); re-encode it as MP4`,
        });
    }
  }
  const videoProbe = probes.get(mediaIdentity(spec.video));
  let seconds = probedSeconds;
  if (seconds === null && videoProbe && !videoProbe.facts && !videoProbe.problem) {
    // Not probed (network trouble): price it at the longest it may be, so the budget holds.
    seconds = limits.video.maxSeconds[spec.orientation] ?? FALLBACK_MAX_SECONDS;
    upperBound = true;
  }
  const price = seconds === null ? undefined : priceOf(provider.pricing, spec.model, spec.mode, seconds);
  if (seconds !== null && !price)
    problems.push({ column: "model", message: `${provider.name} has no price for ${spec.model} ${spec.mode}` });
  return { problems, unsupported: provider.unsupported(spec), probedSeconds, upperBound, ...(price ? { price } : {}) };
}
