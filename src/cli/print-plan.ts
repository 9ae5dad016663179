import { specLabels } from "../manifest/job-spec.js";
import { formatPlace, placeOf } from "../manifest/place.js";
import type { ProviderOption } from "../plan/compare.js";
import type { Plan } from "../plan/make-plan.js";
import { table, usd } from "./format.js";

/** Over-budget jobs and ruled-out reasons listed by name before "... and N more". */
const LISTED = 5;

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
  lines.push(...priceLines(plan));
  if (plan.jobs.some((j) => j.upperBound)) lines.push("* includes remote videos priced at their longest allowed length");
  lines.push(...budgetLines(plan));
  if (plan.compare) lines.push("", ...compareLines(plan.compare, plan.jobs.length));
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return lines.join("\n");
}

/** The dated prices the estimate used, once each. */
function priceLines(plan: Plan): string[] {
  const seen = new Map<string, string>();
  for (const j of plan.jobs) {
    const entry = j.price?.entry;
    if (!entry) continue;
    const key = `${j.job.spec.provider} ${entry.model} ${entry.mode}`;
    seen.set(key, `  ${key}: $${entry.usdPerSecond.toFixed(4)}/s (${entry.verified}, seen ${entry.seenOn})`);
  }
  return seen.size > 0 ? ["prices per second of output:", ...seen.values()] : [];
}

function budgetLines(plan: Plan): string[] {
  if (plan.maxCostUsd === undefined) return [];
  const over = plan.jobs.filter((j) => j.overBudget);
  if (over.length === 0) return [`within --max-cost ${usd(plan.maxCostUsd)}`];
  const named = over
    .slice(0, LISTED)
    .map((j) => `  over budget: ${j.job.outputName} (${j.job.rows.map((r) => formatPlace(placeOf(r))).join(", ")})`);
  if (over.length > LISTED) named.push(`  ... and ${over.length - LISTED} more`);
  return [`${over.length} job(s) past --max-cost ${usd(plan.maxCostUsd)} would be held (counting in plan order):`, ...named];
}

function compareLines(options: readonly ProviderOption[], jobCount: number): string[] {
  const rows = options.map((o) => [
    o.provider,
    `${o.jobs}/${jobCount}`,
    `${o.seconds}${o.upperBound ? "*" : ""}`,
    usd(o.totalUsd),
    o.configured ? "yes" : "no",
  ]);
  const lines = ["the same jobs on every paid provider:", table(["provider", "can run", "seconds", "estimated", "configured"], rows)];
  for (const o of options) {
    if (o.ruledOut.length === 0) continue;
    const reasons = new Map<string, number>();
    for (const r of o.ruledOut) for (const reason of new Set(r.reasons)) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    const listed = [...reasons].slice(0, LISTED).map(([reason, n]) => `  ${o.provider}: ${reason}${n > 1 ? ` (${n} jobs)` : ""}`);
    if (reasons.size > LISTED) listed.push(`  ${o.provider}: ... and ${reasons.size - LISTED} more reasons`);
    lines.push(...listed);
  }
  return lines;
}
