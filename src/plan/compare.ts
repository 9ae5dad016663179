import type { ExpandedJob } from "../manifest/job-spec.js";
import type { InputProbe } from "../media/preflight.js";
import { roundUsd } from "../providers/pricing.js";
import type { InputOptions, ProviderDefinition } from "../providers/provider-definition.js";
import { assessJob } from "./assess-job.js";

/** A job one provider cannot run, and why. */
export interface RuledOut {
  job: ExpandedJob;
  reasons: string[];
}

/** The same batch on one provider. */
export interface ProviderOption {
  provider: string;
  displayName: string;
  /** Its keys are set in this environment. */
  configured: boolean;
  /** Jobs it can run, and what they would cost there. */
  jobs: number;
  seconds: number;
  totalUsd: number;
  upperBound: boolean;
  ruledOut: RuledOut[];
}

/**
 * Prices the same jobs on every paid provider: each job is checked against that provider's input
 * rules, limits, parameters and prices. A provider that cannot honour a parameter (cfg_scale...)
 * would make a different video, so that rules the job out too. Cheapest complete option first.
 */
export function compareProviders(
  jobs: readonly ExpandedJob[],
  probes: ReadonlyMap<string, InputProbe>,
  providers: Iterable<ProviderDefinition>,
  options: InputOptions & { env: NodeJS.ProcessEnv },
): ProviderOption[] {
  const result: ProviderOption[] = [];
  for (const provider of providers) {
    if (!provider.paid) continue;
    const option: ProviderOption = {
      provider: provider.name,
      displayName: provider.displayName,
      configured: provider.missingEnv(options.env).length === 0,
      jobs: 0,
      seconds: 0,
      totalUsd: 0,
      upperBound: false,
      ruledOut: [],
    };
    for (const job of jobs) {
      const assessed = assessJob({ ...job.spec, provider: provider.name }, provider, probes, options);
      const reasons = [...assessed.problems.map((p) => p.message), ...assessed.unsupported.map((u) => `cannot honour ${u}`)];
      if (reasons.length > 0 || !assessed.price) {
        option.ruledOut.push({ job, reasons: reasons.length > 0 ? reasons : ["the video could not be probed"] });
        continue;
      }
      option.jobs += 1;
      option.seconds += assessed.price.billableSeconds;
      option.totalUsd = roundUsd(option.totalUsd + assessed.price.usd);
      option.upperBound ||= assessed.upperBound;
    }
    result.push(option);
  }
  return result.sort((a, b) => a.ruledOut.length - b.ruledOut.length || a.totalUsd - b.totalUsd);
}
