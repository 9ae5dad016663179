import type { Clock } from "../clock.js";
import type { Ledger } from "../ledger/open-ledger.js";
import type { ProviderDefinition, ProviderSession } from "../providers/provider-definition.js";
import type { RunEvent } from "./run-event.js";

/** What every step of a run shares. In-memory counters are per run; the ledger is the truth. */
export interface RunContext {
  ledger: Ledger;
  clock: Clock;
  random: () => number;
  env: NodeJS.ProcessEnv;
  outDir: string;
  maxCostUsd?: number;
  /** Ctrl-C: once aborted, no new intent is recorded. */
  signal?: AbortSignal;
  definitions: Map<string, ProviderDefinition>;
  sessions: Map<string, ProviderSession>;
  /** Providers that stopped taking submissions in this run, with the reason. */
  halted: Map<string, string>;
  /** Failed reads (polls, reconciliations, downloads) per job in this run, for backoff. */
  readFailures: Map<number, number>;
  /** Refused submissions per job in this run, for backoff. */
  submitRefusals: Map<number, number>;
  /** Polls per job in this run, to space them out. */
  polls: Map<number, number>;
  /** Consecutive failed reads per provider: a provider that never answers is halted. */
  providerReadFailures: Map<string, number>;
  emit(event: RunEvent): void;
}

/** A provider that fails this many reads in a row (with backoff, minutes) is considered down. */
export const PROVIDER_DOWN_AFTER = 12;
/** Reads of one job that may fail in one run before it is left for the next run. */
export const JOB_READS_PER_RUN = 8;

export function session(context: RunContext, provider: string): ProviderSession {
  const found = context.sessions.get(provider);
  if (!found) throw new Error(`provider ${provider} is not connected`);
  return found;
}

export function definition(context: RunContext, provider: string): ProviderDefinition {
  const found = context.definitions.get(provider);
  if (!found) throw new Error(`provider ${provider} is not known`);
  return found;
}

export function halt(context: RunContext, provider: string, reason: string): void {
  if (context.halted.has(provider)) return;
  context.halted.set(provider, reason);
  context.emit({ type: "halted", provider, reason });
}

/** Counts a failed read against the provider; halts it when it looks down. */
export function noteReadFailure(context: RunContext, provider: string, jobId: number): number {
  const failures = (context.readFailures.get(jobId) ?? 0) + 1;
  context.readFailures.set(jobId, failures);
  const streak = (context.providerReadFailures.get(provider) ?? 0) + 1;
  context.providerReadFailures.set(provider, streak);
  if (streak >= PROVIDER_DOWN_AFTER) halt(context, provider, `${provider} did not answer ${streak} requests in a row`);
  return failures;
}

export function noteReadSuccess(context: RunContext, provider: string, jobId: number): void {
  context.readFailures.delete(jobId);
  context.providerReadFailures.set(provider, 0);
}
