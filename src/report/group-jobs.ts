import { roundUsd } from "../providers/pricing.js";
import type { ReportJob } from "./summarize.js";

/** Jobs that share a key (campaign, provider, status, or a mix), with their seconds and money. */
export interface JobGroup {
  key: string[];
  jobs: number;
  billed_seconds: number;
  estimated_usd: number;
  billed_usd: number;
}

/** Groups the report's jobs by `keyOf`, sorted by key; sums the same fields `summarize` totals. */
export function groupJobs(jobs: readonly ReportJob[], keyOf: (job: ReportJob) => string[]): JobGroup[] {
  const groups = new Map<string, JobGroup>();
  for (const job of jobs) {
    const key = keyOf(job);
    const id = JSON.stringify(key);
    let group = groups.get(id);
    if (!group) {
      group = { key, jobs: 0, billed_seconds: 0, estimated_usd: 0, billed_usd: 0 };
      groups.set(id, group);
    }
    group.jobs += 1;
    group.billed_seconds += job.billed_seconds ?? 0;
    group.estimated_usd += job.estimated_usd ?? 0;
    group.billed_usd += job.billed_usd ?? 0;
  }
  return [...groups.values()]
    .map((g) => ({ ...g, estimated_usd: roundUsd(g.estimated_usd), billed_usd: roundUsd(g.billed_usd) }))
    .sort((a, b) => compareKeys(a.key, b.key));
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const order = (a[i] ?? "").localeCompare(b[i] ?? "");
    if (order !== 0) return order;
  }
  return 0;
}
