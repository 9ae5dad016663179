import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { RequestKind, SimErrorKind } from "./dialect.js";

/**
 * Faults as data: rules that make the simulator misbehave the way providers and networks do, so the
 * runner's promises (never pay twice, never lose an output) can be tested against them. A rule
 * picks requests (what they do, which dialect, which of them) and says what goes wrong.
 *
 * Counts (`skip`, `count`) are per simulator process: a simulator that restarts starts counting again.
 */
const ERROR_KINDS = [
  "unauthorized",
  "invalid",
  "not_found",
  "rate_limited",
  "concurrency_full",
  "out_of_credits",
  "server",
  "unavailable",
] as const satisfies readonly SimErrorKind[];

export const FAULT_ACTIONS = {
  /** Answer with the dialect's error of `kind` without handling the request (nothing is created or billed). */
  error: "answer with an error of `kind`, doing nothing",
  /** Cut the connection before the request is handled: nothing is created, but the client cannot know. */
  reset_before_handling: "cut the connection before handling",
  /** Handle the request (a create is billed), then cut the connection: the answer is lost. */
  reset_after_handling: "handle, then cut the connection (billed, answer lost)",
  /** Handle the request, then hold the answer for `holdMs` and cut the connection: the client times out. */
  hang_after_handling: "handle, then never answer in time (billed, answer lost)",
  /** Downloads: send the headers and part of the body, then cut the connection. */
  truncate: "send part of the file, then cut the connection",
  /** Downloads: answer a Range request with the whole file and 200. */
  ignore_range: "answer Range requests with the whole file",
  /** Downloads: answer 403 as an expired signed link does; a fresh GET of the task gives a new link. */
  expire_link: "answer 403 as an expired link",
} as const;
export type FaultAction = keyof typeof FAULT_ACTIONS;

export const faultRuleSchema = z
  .object({
    /** What the request does: a paid create, a get, a list, or an output download. */
    on: z.enum(["create", "get", "list", "download"]),
    /** Only this dialect's requests (downloads belong to the dialect of their task). */
    dialect: z.string().min(1).optional(),
    action: z.enum(Object.keys(FAULT_ACTIONS) as [FaultAction, ...FaultAction[]]),
    /** For `error`: which error, rendered in the dialect's words. */
    kind: z.enum(ERROR_KINDS).optional(),
    /** For `error`: a Retry-After header, in seconds. */
    retryAfterSeconds: z.number().int().min(0).optional(),
    /** Fraction of the matching requests hit, drawn from the simulator's seeded random source. @default 1 */
    rate: z.number().min(0).max(1).optional(),
    /** Let this many matching requests through first. @default 0 */
    skip: z.number().int().min(0).optional(),
    /** Hit at most this many. @default unlimited */
    count: z.number().int().min(1).optional(),
    /** Only from this many ms after the simulator started (a 503 window, say). */
    fromMs: z.number().int().min(0).optional(),
    /** Only until this many ms after the simulator started. */
    untilMs: z.number().int().min(0).optional(),
    /** For `hang_after_handling`: how long the answer is held. @default 60000 */
    holdMs: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((rule) => rule.action !== "error" || rule.kind !== undefined, { message: "an `error` fault needs a `kind`", path: ["kind"] })
  .refine((rule) => rule.on === "download" || !["truncate", "ignore_range", "expire_link"].includes(rule.action), {
    message: "truncate, ignore_range and expire_link apply to downloads only (on: download)",
    path: ["action"],
  });
export type FaultRule = z.infer<typeof faultRuleSchema>;

export const faultFileSchema = z.union([z.array(faultRuleSchema), z.object({ faults: z.array(faultRuleSchema) }).strict()]);

/** Reads a fault file (JSON or YAML: a list of rules, or `{ faults: [...] }`); a clear error names the rule and field. */
export function readFaultFile(path: string): FaultRule[] {
  let data: unknown;
  try {
    const text = readFileSync(path, "utf8");
    data = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(`${path}: cannot read the fault file: ${(error as Error).message}`);
  }
  const parsed = faultFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "(top)";
    throw new Error(`${path}: ${where}: ${issue?.message ?? "not a list of fault rules"}`);
  }
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.faults;
}

/** A small seeded random source (mulberry32): the same seed, the same faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Target = RequestKind | "download";

/** Decides, request by request, which fault (if any) hits it. */
export class FaultPlan {
  readonly #rules: { rule: FaultRule; seen: number; hit: number }[];
  readonly #random: () => number;
  readonly #startMs: number;
  /** Faults applied so far, by action: what a test can assert actually happened. */
  readonly applied = new Map<FaultAction, number>();

  constructor(rules: readonly FaultRule[], options: { random: () => number; startMs: number }) {
    this.#rules = rules.map((rule) => ({ rule, seen: 0, hit: 0 }));
    this.#random = options.random;
    this.#startMs = options.startMs;
  }

  /** The first rule that hits this request, counting it; undefined when none does. */
  pick(target: Target, dialect: string | undefined, nowMs: number): FaultRule | undefined {
    const sinceStart = nowMs - this.#startMs;
    for (const entry of this.#rules) {
      const { rule } = entry;
      if (rule.on !== target) continue;
      if (rule.dialect !== undefined && rule.dialect !== dialect) continue;
      if (rule.fromMs !== undefined && sinceStart < rule.fromMs) continue;
      if (rule.untilMs !== undefined && sinceStart >= rule.untilMs) continue;
      entry.seen += 1;
      if (entry.seen <= (rule.skip ?? 0)) continue;
      if (rule.count !== undefined && entry.hit >= rule.count) continue;
      if (rule.rate !== undefined && this.#random() >= rule.rate) continue;
      entry.hit += 1;
      this.applied.set(rule.action, (this.applied.get(rule.action) ?? 0) + 1);
      return rule;
    }
    return undefined;
  }
}
