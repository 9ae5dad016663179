import { createHash } from "node:crypto";
import type { Mode, Model, Orientation } from "../../manifest/columns.js";
import { type PriceTable, priceOf } from "../../providers/pricing.js";
import type { DialectContext, DialectResponse, SimErrorKind } from "../dialect.js";
import type { SimTask } from "../engine.js";

/** A prompt containing this marker makes the task fail, so the failure path can be seen offline. */
export const SIM_FAIL_MARKER = "[sim:fail]";

/** Kling's limits on the reference video, which every provider inherits (PROVIDERS.md). */
const VIDEO_SECONDS = { min: 3, max: { image: 10, video: 30 } } as const;

/** What a create asks for, in our words, read from the provider's request by its dialect. */
export interface TaskAsk {
  dialect: string;
  account: string;
  model: Model;
  mode: Mode;
  orientation: Orientation;
  videoUrl: string;
  prompt?: string;
  /** A client reference the provider keeps unique per account (Kling's `external_task_id`). */
  clientRef?: string;
  /** The request body as sent. */
  body: Record<string, unknown>;
  /** Body fields that do not change the work (client references, callbacks): left out of the fingerprint. */
  notWork: readonly string[];
  pricing: PriceTable;
  /** The provider's reason for a task that fails by SIM_FAIL_MARKER. */
  failure: string;
}

/** How the dialect answers a refusal, in the provider's words. */
export interface CreateRefusals {
  error(kind: SimErrorKind, message: string): DialectResponse;
  invalid(field: string, message: string): DialectResponse;
  /** The provider's own words for the engine's refusals, where it has them. */
  words?: Partial<Record<"concurrency_full" | "out_of_credits", string>>;
}

/** JSON with object keys sorted at every level: the same request, the same text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * What every dialect does with a valid create: measure the reference video, check Kling's length
 * limits, price it by the provider's table, fingerprint the work, honour SIM_FAIL_MARKER, and ask
 * the engine (which refuses when the account is full or out of credits). The task's `request`
 * keeps model, mode and orientation beside the body, for dialects whose routes depend on them.
 */
export async function createSimTask(
  ctx: DialectContext,
  ask: TaskAsk,
  refusals: CreateRefusals,
): Promise<{ task: SimTask } | { refused: DialectResponse }> {
  const seconds = await ctx.mediaSeconds(ask.videoUrl);
  if (seconds === undefined) return { refused: refusals.invalid("video_url", "the video could not be fetched or read") };
  const maxSeconds = VIDEO_SECONDS.max[ask.orientation];
  if (seconds < VIDEO_SECONDS.min || seconds > maxSeconds + 0.05) {
    return {
      refused: refusals.invalid(
        "video_url",
        `the video is ${seconds.toFixed(1)} s; with character_orientation=${ask.orientation} it must be ${VIDEO_SECONDS.min}-${maxSeconds} s`,
      ),
    };
  }
  const price = priceOf(ask.pricing, ask.model, ask.mode, seconds);
  if (!price) return { refused: refusals.invalid("model", `${ask.model} ${ask.mode} is not offered`) };
  const work = Object.fromEntries(Object.entries(ask.body).filter(([key]) => !ask.notWork.includes(key)));
  const result = ctx.engine.create({
    dialect: ask.dialect,
    account: ask.account,
    ...(ask.clientRef !== undefined && ask.clientRef !== "" ? { clientRef: ask.clientRef } : {}),
    fingerprint: createHash("sha256")
      .update(stableJson({ model: ask.model, mode: ask.mode, orientation: ask.orientation, work }))
      .digest("hex"),
    outputSeconds: price.billableSeconds,
    usd: price.usd,
    ...((ask.prompt ?? "").includes(SIM_FAIL_MARKER) ? { failWith: ask.failure } : {}),
    request: { model: ask.model, mode: ask.mode, orientation: ask.orientation, body: ask.body },
  });
  if ("task" in result) return { task: result.task };
  switch (result.refused) {
    case "concurrency_full":
      return {
        refused: refusals.error("concurrency_full", refusals.words?.concurrency_full ?? "too many concurrent tasks for this account"),
      };
    case "out_of_credits":
      return { refused: refusals.error("out_of_credits", refusals.words?.out_of_credits ?? "insufficient credits for this task") };
    case "duplicate_client_ref":
      return { refused: refusals.invalid("external_task_id", "already exists") };
  }
}

/** Model, mode and orientation of a task made by createSimTask. */
export function askedOf(task: SimTask): { model: Model; mode: Mode; orientation: Orientation } {
  const request = task.request as { model?: Model; mode?: Mode; orientation?: Orientation };
  return { model: request.model ?? "kling-v3", mode: request.mode ?? "std", orientation: request.orientation ?? "video" };
}
