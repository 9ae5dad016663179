import { EXIT, exitCodeFor, MotionbatchError } from "../errors.js";
import { formatProblem, ManifestError } from "../manifest/problem.js";
import { planCommand } from "./plan-command.js";
import { providersCommand } from "./providers-command.js";
import { reconcileCommand } from "./reconcile-command.js";
import { redactor } from "./redact.js";
import { reportCommand } from "./report-command.js";
import { runCommand } from "./run-command.js";
import { simulateCommand } from "./simulate-command.js";
import { statusCommand } from "./status-command.js";

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  plan: planCommand,
  run: runCommand,
  status: statusCommand,
  report: reportCommand,
  reconcile: reconcileCommand,
  simulate: simulateCommand,
  providers: providersCommand,
};

const HELP = `motionbatch: batches of Kling motion-control videos from a spreadsheet, never paid twice

  motionbatch plan   <manifest...> [--sheet NAME] [--provider P] [--max-cost USD] [--compare] [--ledger FILE] [--json]
                                                                validate, probe, price; spends nothing
  motionbatch run    <manifest...> [--sheet NAME] [--ledger FILE] [--out DIR] [--provider P] [--max-cost USD] [--yes]
  motionbatch status [--ledger FILE] [--json]
  motionbatch report [--ledger FILE] [--out DIR] [--format json,csv,xlsx,html]
  motionbatch reconcile [--ledger FILE] [--resubmit-unknown]   settle jobs whose submission outcome is unknown
  motionbatch simulate [--port N] [--state FILE] [--task-ms N] [--concurrency N] [--files DIR] [--faults FILE] [--seed N]
  motionbatch providers [--json]

Re-running the same \`run\` command resumes an interrupted batch. --debug shows stack traces.
Exit codes: 0 done, 1 unexpected error, 2 bad usage or manifest (nothing spent), 3 some jobs failed
or unknown, 4 halted (budget, out of credits, provider down), 130 interrupted.`;

/** The CLI: one clear line per error, never a stack trace unless --debug. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  // The AWS SDK (upload store) warns on every start under Node 20 about its releases of 2027; the
  // warning is not about this run and would bury the plan. Set the variable to "false" to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const [command, ...args] = argv;
  const debug = argv.includes("--debug");
  if (!command || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${HELP}\n`);
    return command ? EXIT.ok : EXIT.usage;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    process.stderr.write(`motionbatch: unknown command "${command}"\n\n${HELP}\n`);
    return EXIT.usage;
  }
  try {
    return await handler(args);
  } catch (error) {
    const redact = redactor(process.env);
    const stderr = { write: (text: string) => process.stderr.write(redact(text)) };
    if (error instanceof ManifestError) {
      for (const problem of error.problems) stderr.write(`${formatProblem(problem)}\n`);
      stderr.write(`motionbatch: ${error.message}\n`);
    } else if (error instanceof MotionbatchError) {
      stderr.write(`motionbatch: ${error.message}\n`);
    } else {
      stderr.write(`motionbatch: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
      if (!debug) stderr.write("(run again with --debug for details)\n");
    }
    if (debug && error instanceof Error) stderr.write(`${error.stack ?? ""}\n`);
    return exitCodeFor(error);
  }
}
