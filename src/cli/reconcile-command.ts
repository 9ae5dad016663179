import { reconcileLedger } from "../runner/reconcile-ledger.js";
import { usd } from "./format.js";
import { DEFAULT_LEDGER, parseOptions } from "./options.js";

const USAGE = "motionbatch reconcile [--ledger FILE] [--resubmit-unknown]";

/** Settles jobs whose submission outcome is unknown; with --resubmit-unknown, plans the rest again. */
export async function reconcileCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(
    args,
    { ledger: { type: "string", default: DEFAULT_LEDGER }, "resubmit-unknown": { type: "boolean" } },
    USAGE,
  );
  const result = await reconcileLedger({
    ledgerPath: values.ledger,
    resubmitUnknown: values["resubmit-unknown"] === true,
    command: ["reconcile", ...args].join(" "),
  });
  const lines = [`unknown jobs asked about: ${result.asked}`];
  if (result.asked > 0) {
    lines.push(`  found at the provider (the next run follows them): ${result.found}`);
    lines.push(`  never accepted (the next run submits them): ${result.notAccepted}`);
  }
  if (result.stillUnknown.length > 0) {
    const atRisk = result.stillUnknown.reduce((sum, j) => sum + (j.estimated_usd ?? 0), 0);
    lines.push(`  still unknown, possibly billed (${usd(atRisk)} estimated):`);
    for (const job of result.stillUnknown) lines.push(`    ${job.provider} ${job.output_name}: ${job.error ?? "no answer"}`);
    lines.push(
      "  They are never submitted again on their own. Check them in the provider's dashboard; to submit them again anyway",
      "  (and risk paying twice), run: motionbatch reconcile --resubmit-unknown",
    );
  }
  if (result.released.length > 0) {
    const risk = result.released.reduce((sum, j) => sum + (j.estimated_usd ?? 0), 0);
    lines.push(`  released for resubmission: ${result.released.length} (up to ${usd(risk)} may be paid twice); the next run submits them`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  return result.exitCode;
}
