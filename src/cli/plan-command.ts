import { existsSync } from "node:fs";
import { MotionbatchError } from "../errors.js";
import { openLedger } from "../ledger/open-ledger.js";
import { specLabels } from "../manifest/job-spec.js";
import { formatPlace, placeOf } from "../manifest/place.js";
import { mediaLabel } from "../media/media-ref.js";
import { ledgerProbeCache } from "../media/probe-cache.js";
import { makePlan, type Plan } from "../plan/make-plan.js";
import type { CostTotal } from "../plan/totals.js";
import { DEFAULT_LEDGER, parseOptions, parseUsd } from "./options.js";
import { planText } from "./print-plan.js";

const USAGE = "motionbatch plan <manifest...> [--sheet NAME] [--provider P] [--max-cost USD] [--compare] [--ledger FILE] [--json]";

/** Validate, expand, probe, check limits and price. Spends nothing, and creates no ledger. */
export async function planCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      provider: { type: "string" },
      sheet: { type: "string" },
      "max-cost": { type: "string" },
      compare: { type: "boolean" },
      ledger: { type: "string", default: DEFAULT_LEDGER },
      json: { type: "boolean" },
    },
    USAGE,
  );
  if (positionals.length === 0) throw new MotionbatchError("E_USAGE", `name at least one manifest\nusage: ${USAGE}`);
  const maxCostUsd = parseUsd(values["max-cost"], "--max-cost");
  // An existing ledger remembers earlier probes; a plan never creates one.
  const ledger = existsSync(values.ledger) ? openLedger(values.ledger, { mustExist: true }) : undefined;
  let plan: Plan;
  try {
    plan = await makePlan(positionals, {
      ...(values.provider ? { provider: values.provider } : {}),
      ...(values.sheet !== undefined ? { sheet: values.sheet } : {}),
      ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
      ...(values.compare ? { compare: true } : {}),
      ...(ledger ? { cache: ledgerProbeCache(ledger) } : {}),
    });
  } finally {
    ledger?.close();
  }
  if (values.json) process.stdout.write(`${JSON.stringify(planJson(plan), null, 2)}\n`);
  else process.stdout.write(`${planText(plan)}\nnothing was spent: this was a plan.\n`);
  return 0;
}

/** The plan for machines: every job with its price and source, totals, probes, and the comparison. */
export function planJson(plan: Plan) {
  const jobs = plan.jobs.map((j) => ({
    job_key: j.job.key,
    rows: j.job.rows.map((r) => formatPlace(placeOf(r))),
    campaign: j.job.campaign,
    name: j.job.name,
    provider: j.job.spec.provider,
    kind: j.job.spec.kind ?? "video",
    ...specLabels(j.job.spec),
    image: mediaLabel(j.job.spec.image),
    video: mediaLabel(j.job.spec.video),
    output: j.job.outputName,
    probed_seconds: j.probedSeconds,
    estimated_seconds: j.estimatedSeconds,
    usd_per_second: j.price?.entry.usdPerSecond ?? null,
    price_source: j.price?.entry.source ?? null,
    price_verified: j.price?.entry.verified ?? null,
    price_seen_on: j.price?.entry.seenOn ?? null,
    estimated_usd: j.estimatedUsd,
    estimate_is_upper_bound: j.upperBound,
    over_budget: j.overBudget,
  }));
  const totals = (groups: Record<string, CostTotal>) =>
    Object.fromEntries(
      Object.entries(groups).map(([k, t]) => [k, { jobs: t.jobs, seconds: t.seconds, usd: t.usd, upper_bound: t.upperBound }]),
    );
  return {
    rows: plan.rowCount,
    jobs,
    totals: {
      by_campaign: totals(plan.totals.byCampaign),
      by_provider: totals(plan.totals.byProvider),
      by_model: totals(plan.totals.byModel),
      by_mode: totals(plan.totals.byMode),
    },
    total_usd: plan.totalUsd,
    max_cost_usd: plan.maxCostUsd ?? null,
    over_budget_jobs: plan.jobs.filter((j) => j.overBudget).length,
    probes: plan.probes.map((p) => ({
      input: mediaLabel(p.ref),
      kind: p.facts?.kind ?? null,
      type: p.facts?.type ?? null,
      width: p.facts?.width ?? null,
      height: p.facts?.height ?? null,
      seconds: p.facts?.durationSeconds ?? null,
      bytes: p.bytes ?? null,
      bytes_read: p.bytesRead ?? null,
      cached: p.cached,
      warning: p.warning ?? null,
    })),
    ...(plan.compare
      ? {
          compare: plan.compare.map((o) => ({
            provider: o.provider,
            display_name: o.displayName,
            configured: o.configured,
            jobs: o.jobs,
            seconds: o.seconds,
            total_usd: o.totalUsd,
            upper_bound: o.upperBound,
            ruled_out: o.ruledOut.map((r) => ({
              job_key: r.job.key,
              name: r.job.name,
              rows: r.job.rows.map((row) => formatPlace(placeOf(row))),
              reasons: r.reasons,
            })),
          })),
        }
      : {}),
    warnings: plan.warnings,
  };
}
