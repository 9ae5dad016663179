import { specLabels } from "../manifest/job-spec.js";
import type { Plan } from "../plan/make-plan.js";
import { table, usd } from "./format.js";

/** The cost plan a person reads before spending: totals by campaign, provider, model and mode. */
export function planText(plan: Plan): string {
  const groups = new Map<string, { jobs: number; seconds: number; usd: number; bound: boolean }>();
  for (const j of plan.jobs) {
    const { spec } = j.job;
    const labels = specLabels(spec);
    const key = [j.job.campaign, spec.provider, labels.model, labels.mode].join("\u0000");
    const group = groups.get(key) ?? { jobs: 0, seconds: 0, usd: 0, bound: false };
    group.jobs += 1;
    group.seconds += j.estimatedSeconds ?? 0;
    group.usd += j.estimatedUsd ?? 0;
    group.bound ||= j.upperBound;
    groups.set(key, group);
  }
  const rows = [...groups].map(([key, g]) => [...key.split("\u0000"), String(g.jobs), `${g.seconds}${g.bound ? "*" : ""}`, usd(g.usd)]);
  const lines = [
    `${plan.rowCount} row(s) in ${plan.manifests.join(", ")} -> ${plan.jobs.length} job(s)`,
    "",
    table(["campaign", "provider", "model", "mode", "jobs", "seconds", "estimated"], rows),
    "",
    `estimated total: ${usd(plan.totalUsd)}`,
  ];
  if (plan.jobs.some((j) => j.upperBound)) lines.push("* includes remote videos priced at their longest allowed length");
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return lines.join("\n");
}
