import { resolve } from "node:path";
import { MotionbatchError } from "../errors.js";
import { openLedger } from "../ledger/open-ledger.js";
import { makePlan } from "../plan/make-plan.js";
import { providerNamed } from "../providers/registry.js";
import { writeReports } from "../report/write-reports.js";
import { runBatch } from "../runner/run-batch.js";
import { confirm } from "./confirm.js";
import { stateCounts, usd } from "./format.js";
import { DEFAULT_LEDGER, DEFAULT_OUT, parseOptions, parseUsd } from "./options.js";
import { planText } from "./print-plan.js";
import { progressPrinter } from "./progress.js";
import { redactor } from "./redact.js";

const USAGE = "motionbatch run <manifest...> [--sheet NAME] [--ledger FILE] [--out DIR] [--provider P] [--max-cost USD] [--yes]";

/** Plan, confirm, then submit, poll and download until done. Re-running the same command resumes. */
export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      ledger: { type: "string", default: DEFAULT_LEDGER },
      out: { type: "string", default: DEFAULT_OUT },
      provider: { type: "string" },
      sheet: { type: "string" },
      "max-cost": { type: "string" },
      yes: { type: "boolean", short: "y" },
    },
    USAGE,
  );
  if (positionals.length === 0) throw new MotionbatchError("E_USAGE", `name at least one manifest\nusage: ${USAGE}`);
  const maxCostUsd = parseUsd(values["max-cost"], "--max-cost");
  const plan = await makePlan(positionals, {
    ...(values.provider ? { provider: values.provider } : {}),
    ...(values.sheet !== undefined ? { sheet: values.sheet } : {}),
  });
  process.stderr.write(`${planText(plan)}\n\n`);

  const paid = plan.jobs.filter((j) => providerNamed(j.job.spec.provider).paid);
  for (const name of new Set(paid.map((j) => j.job.spec.provider))) {
    const missing = providerNamed(name).missingEnv(process.env);
    if (missing.length > 0)
      throw new MotionbatchError("E_CONFIG", `${name}: set ${missing.join(" and ")} in the environment (nothing was spent)`);
  }
  if (paid.length > 0 && !values.yes) {
    const spend = paid.reduce((sum, j) => sum + (j.estimatedUsd ?? 0), 0);
    const cap = maxCostUsd !== undefined ? ` (capped at ${usd(maxCostUsd)})` : "";
    if (!process.stdin.isTTY) {
      throw new MotionbatchError(
        "E_NOT_CONFIRMED",
        `this run may spend up to ${usd(spend)}${cap}; add --yes to confirm (nothing was spent)`,
      );
    }
    if (!(await confirm(`Spend up to ${usd(spend)}${cap} on ${paid.length} job(s)?`))) {
      throw new MotionbatchError("E_NOT_CONFIRMED", "not confirmed; nothing was spent");
    }
  }

  const outDir = resolve(values.out);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts === 1) {
      process.stderr.write(
        "\nstopping: no new submissions; finishing requests in flight (Ctrl-C again to quit at once; the next run resumes)\n",
      );
      controller.abort();
    } else {
      // Every ledger write is its own committed transaction: quitting here loses nothing.
      process.exit(130);
    }
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);
  const progress = progressPrinter(process.stderr, plan.jobs.length, { redact: redactor(process.env) });
  let result: Awaited<ReturnType<typeof runBatch>>;
  try {
    result = await runBatch(plan, {
      ledgerPath: values.ledger,
      outDir,
      ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
      signal: controller.signal,
      onEvent: progress.onEvent,
      command: ["run", ...args].join(" "),
    });
  } finally {
    progress.done();
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }

  const ledger = openLedger(values.ledger, { mustExist: true });
  try {
    const { report, files } = writeReports(ledger, outDir);
    const s = report.summary;
    const lines = [
      "",
      `jobs: ${stateCounts(result.counts)}${result.existing > 0 ? ` (${result.existing} already in the ledger)` : ""}`,
      `billed: ${s.billed_seconds} s, ${usd(s.billed_usd)} (estimated ${usd(s.estimated_usd)})`,
    ];
    if (s.possibly_billed_usd > 0) lines.push(`possibly billed (outcome unknown): ${usd(s.possibly_billed_usd)}`);
    if (s.lost_usd > 0) lines.push(`paid outputs lost (link expired): ${usd(s.lost_usd)}`);
    for (const h of result.halted) lines.push(`halted ${h.provider}: ${h.reason}`);
    if ((result.counts.held ?? 0) > 0) lines.push(`${result.counts.held} job(s) held by --max-cost; raise it and run again`);
    lines.push(`outputs: ${outDir}`, `report: ${files.join(", ")}`);
    if (result.interrupted) lines.push("interrupted: run the same command again to resume");
    else if (result.exitCode !== 0) lines.push("run the same command again to retry what is left; see the report for reasons");
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    ledger.close();
  }
  return result.exitCode;
}
