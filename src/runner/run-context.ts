import type { Clock } from "../clock.js";
import type { Ledger } from "../ledger/open-ledger.js";
import type { ProviderDefinition, ProviderSession } from "../providers/provider-definition.js";
import type { ProviderError } from "../providers/provider-error.js";
import { providerNamed } from "../providers/registry.js";
import { type UploadStore, uploadStoreFromEnv } from "../upload/upload-store.js";
import { ProviderGate, type RequestClass } from "./provider-gate.js";
import { limitsFor } from "./provider-limits.js";
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
  /** Per provider: concurrency window, request rates and circuit breaker (provider-gate.ts). */
  gates: Map<string, ProviderGate>;
  /** Providers halted because they answered only errors for too long: nothing more is sent to them. */
  down: Set<string>;
  /** Local inputs put online for providers that fetch by URL, when MOTIONBATCH_S3_* configures a store. */
  uploads?: UploadStore;
  emit(event: RunEvent): void;
}

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

export function gate(context: RunContext, provider: string): ProviderGate {
  const found = context.gates.get(provider);
  if (!found) throw new Error(`provider ${provider} has no gate`);
  return found;
}

/**
 * Tells the provider's gate how a request to its API went (no error: it answered). Rate and
 * concurrency refusals slow it down, and the time to try again is returned; server errors and
 * silence count toward its circuit breaker, and a provider down for too long is halted.
 */
export function noteOutcome(context: RunContext, provider: string, kind: RequestClass, error?: ProviderError): number | undefined {
  const providerGate = gate(context, provider);
  const now = context.clock.now();
  if (!error) {
    providerGate.answered(kind);
    return undefined;
  }
  switch (error.kind) {
    case "rate_limited":
    case "concurrency_full":
      return providerGate.slowDown(kind, now, error.retryAfterMs);
    case "server":
    case "network":
    case "bad_response": {
      providerGate.failed(kind, now, error.message);
      const down = providerGate.down(now);
      if (down) {
        // Down for submissions: no new ones (polls and downloads go on, paid work is followed).
        // Down for reads as well: nothing more is sent to it in this run.
        if (down.kind === "read") context.down.add(provider);
        halt(
          context,
          provider,
          `${provider} ${down.reason}; stopped ${down.kind === "read" ? "sending to it" : "submitting to it"}. Everything done so far is kept: run the same command again later to continue`,
        );
      }
      return undefined;
    }
    default:
      providerGate.answered(kind);
      return undefined;
  }
}

/** Counts a failed read of one job (a poll, a reconciliation, a download) in this run. */
export function noteReadFailure(context: RunContext, jobId: number): number {
  const failures = (context.readFailures.get(jobId) ?? 0) + 1;
  context.readFailures.set(jobId, failures);
  return failures;
}

export interface ContextOptions {
  clock: Clock;
  env: NodeJS.ProcessEnv;
  emit(event: RunEvent): void;
  outDir?: string;
  random?: () => number;
  maxCostUsd?: number;
  signal?: AbortSignal;
  /** Tasks running at once per provider, over the provider's limits. */
  concurrency?: Readonly<Record<string, number>>;
}

/** A run's shared state for these providers: definitions and gates (limits read from the environment). */
export function createRunContext(ledger: Ledger, providers: Iterable<string>, options: ContextOptions): RunContext {
  const definitions = new Map([...providers].map((name) => [name, providerNamed(name)] as const));
  return {
    ledger,
    clock: options.clock,
    random: options.random ?? Math.random,
    env: options.env,
    outDir: options.outDir ?? ".",
    ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    definitions,
    sessions: new Map(),
    halted: new Map(),
    readFailures: new Map(),
    submitRefusals: new Map(),
    polls: new Map(),
    gates: new Map(
      [...definitions].map(([name, def]) => [
        name,
        new ProviderGate(limitsFor(def, options.env, options.concurrency?.[name]), options.clock.now()),
      ]),
    ),
    down: new Set(),
    emit: options.emit,
  };
}

export async function connectProviders(context: RunContext): Promise<void> {
  context.uploads ??= await uploadStoreFromEnv(context.env, { ledger: context.ledger, now: () => context.clock.now() });
  const uploads = context.uploads ? { uploads: context.uploads } : {};
  for (const [name, def] of context.definitions) {
    context.sessions.set(name, await def.connect({ env: context.env, clock: context.clock, ledgerPath: context.ledger.path, ...uploads }));
  }
}

export async function closeProviders(context: RunContext): Promise<void> {
  for (const s of context.sessions.values()) await s.close();
  context.sessions.clear();
  context.uploads?.close();
  delete context.uploads;
}
