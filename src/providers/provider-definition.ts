import type { Clock } from "../clock.js";
import { MotionbatchError } from "../errors.js";
import type { JobSpec } from "../manifest/job-spec.js";
import type { MediaRef } from "../media/media-ref.js";
import type { Adapter } from "./contract.js";
import type { ElementPrice, PriceTable } from "./pricing.js";

export interface ConnectContext {
  env: NodeJS.ProcessEnv;
  clock: Clock;
  /** The ledger file: the `sim` provider keeps its own state beside it. */
  ledgerPath: string;
  /** Puts local inputs online for providers that fetch inputs by URL; absent when none is configured. */
  uploads?: PublicUrlStore;
  /** The name the adapter gives in errors, when not the provider's own (`sim` connects real adapters). */
  name?: string;
}

/** Turns an input into a URL a provider can fetch (src/upload/ is the S3-compatible one). */
export interface PublicUrlStore {
  /** A remote input's own URL; for a local file, a time-limited URL of its uploaded copy. */
  publicUrlFor(ref: MediaRef): Promise<string>;
}

/** What decides whether a provider can take an input, besides the input itself. */
export interface InputOptions {
  /** An upload store is configured: local files can be given to the provider as public URLs. */
  canUpload: boolean;
}

/** A connected provider: its adapter, and how it receives our inputs. */
export interface ProviderSession {
  adapter: Adapter;
  /** What to send as image_url / video_url for an input. */
  resolveInput(ref: MediaRef, role: "image" | "video"): Promise<string>;
  close(): Promise<void>;
}

/** Everything known about a provider before connecting: what `plan` and `providers` need. */
export interface ProviderDefinition {
  name: string;
  displayName: string;
  /** Spends real money (the simulator does not). */
  paid: boolean;
  envVars: readonly string[];
  pricing: PriceTable;
  /** Tasks running at once, by default. */
  defaultConcurrency: number;
  /** How often to poll a task: first after `firstMs`, then slower up to `maxMs`. */
  pollIntervals(env: NodeJS.ProcessEnv): { firstMs: number; maxMs: number };
  /**
   * How long after an attempt's intent a "no such task" from the provider is believed (a new task
   * may take a moment to be visible). Before that, an unknown job is asked about again later.
   */
  reconcileSettleMs: number;
  /**
   * Kling custom elements (the manifest's `element` column): present when the provider can create
   * one from a face reference video and take its id in `element_list`. Absent: the plan warns.
   */
  elements?: { price: ElementPrice };
  /** Output link lifetime, when documented. */
  outputLinkLifetimeSeconds?: number;
  /** Environment variables that must be set and are not. */
  missingEnv(env: NodeJS.ProcessEnv): string[];
  /** Why this provider cannot take an input, or undefined when it can. */
  inputProblem(ref: MediaRef, role: "image" | "video", options?: InputOptions): string | undefined;
  /** Parameters of the spec the provider cannot honour (reported at plan time, never silently dropped). */
  unsupported(spec: JobSpec): string[];
  connect(context: ConnectContext): Promise<ProviderSession>;
}

/** Milliseconds an API request may take before it is given up (`MOTIONBATCH_HTTP_TIMEOUT_MS`, default 30 s). */
export function httpTimeoutMs(env: NodeJS.ProcessEnv): number {
  const raw = env.MOTIONBATCH_HTTP_TIMEOUT_MS;
  if (raw === undefined || raw === "") return 30_000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new MotionbatchError("E_CONFIG", `MOTIONBATCH_HTTP_TIMEOUT_MS must be a whole number of milliseconds above 0; got "${raw}"`);
  }
  return value;
}
