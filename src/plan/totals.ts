import { roundUsd } from "../providers/pricing.js";
import type { PlannedJob } from "./make-plan.js";

/** Jobs, billable seconds and estimated USD of a group of jobs. */
export interface CostTotal {
  jobs: number;
  seconds: number;
  usd: number;
  /** Some job in the group is priced at the longest allowed video (not probed). */
  upperBound: boolean;
}

export interface PlanTotals {
  byCampaign: Record<string, CostTotal>;
  byProvider: Record<string, CostTotal>;
  byModel: Record<string, CostTotal>;
  byMode: Record<string, CostTotal>;
}

/** Totals by campaign, provider, model and mode (pure). */
export function totalsOf(jobs: readonly PlannedJob[]): PlanTotals {
  const totals: PlanTotals = { byCampaign: {}, byProvider: {}, byModel: {}, byMode: {} };
  for (const j of jobs) {
    const { spec } = j.job;
    add(totals.byCampaign, j.job.campaign, j);
    add(totals.byProvider, spec.provider, j);
    add(totals.byModel, spec.model, j);
    add(totals.byMode, spec.mode, j);
  }
  return totals;
}

function add(groups: Record<string, CostTotal>, key: string, job: PlannedJob): void {
  const group = groups[key] ?? { jobs: 0, seconds: 0, usd: 0, upperBound: false };
  group.jobs += 1;
  group.seconds += job.estimatedSeconds ?? 0;
  group.usd = roundUsd(group.usd + (job.estimatedUsd ?? 0));
  group.upperBound ||= job.upperBound;
  groups[key] = group;
}
