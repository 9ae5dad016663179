import { MotionbatchError } from "../errors.js";
import { specLabels } from "../manifest/job-spec.js";
import { mediaLabel } from "../media/media-ref.js";
import { makePlan } from "../plan/make-plan.js";
import { parseOptions } from "./options.js";
import { planText } from "./print-plan.js";

const USAGE = "motionbatch plan <manifest...> [--provider P] [--json]";

/** Validate, expand, probe and price. Spends nothing. */
export async function planCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { provider: { type: "string" }, json: { type: "boolean" } }, USAGE);
  if (positionals.length === 0) throw new MotionbatchError("E_USAGE", `name at least one manifest\nusage: ${USAGE}`);
  const plan = await makePlan(positionals, values.provider ? { provider: values.provider } : {});
  if (values.json) {
    const jobs = plan.jobs.map((j) => ({
      job_key: j.job.key,
      rows: j.job.rows.map((r) => `${r.file}:${r.row}`),
      campaign: j.job.campaign,
      name: j.job.name,
      provider: j.job.spec.provider,
      kind: j.job.spec.kind ?? "video",
      ...specLabels(j.job.spec),
      image: mediaLabel(j.job.spec.image),
      video: mediaLabel(j.job.spec.video),
      output: j.job.outputName,
      estimated_seconds: j.estimatedSeconds,
      estimated_usd: j.estimatedUsd,
      estimate_is_upper_bound: j.upperBound,
    }));
    process.stdout.write(`${JSON.stringify({ rows: plan.rowCount, jobs, total_usd: plan.totalUsd, warnings: plan.warnings }, null, 2)}\n`);
  } else {
    process.stdout.write(`${planText(plan)}\nnothing was spent: this was a plan.\n`);
  }
  return 0;
}
