import { z } from "zod";
import { aimlapiPricing } from "../../providers/aimlapi/pricing.js";
import type { SimErrorKind } from "../dialect.js";
import { type TaskApiDialectSpec, taskApiDialect } from "./task-api-dialect.js";

/** The key the simulator's AIMLAPI dialect accepts. */
export const SIM_AIMLAPI_KEY = "sim-aimlapi-key";

const STATUS: Record<SimErrorKind, number> = {
  unauthorized: 401,
  invalid: 400,
  not_found: 404,
  rate_limited: 429,
  concurrency_full: 429,
  // HTTP 403, not 402 [read].
  out_of_credits: 403,
  server: 500,
  unavailable: 503,
};

const common = {
  prompt: z.string().optional(),
  image_url: z.url(),
  video_url: z.url(),
  character_orientation: z.enum(["image", "video"]).optional(),
  keep_audio: z.boolean().optional(),
};

/** The published OpenAPI's oneOf: v3 takes `mode`, the v2.6 pro schema does not. */
const body = z.discriminatedUnion("model", [
  z.strictObject({ model: z.literal("klingai/video-v3-motion-control"), ...common, mode: z.enum(["std", "pro"]).optional() }),
  z.strictObject({ model: z.literal("klingai/video-v2-6-pro-motion-control"), ...common }),
]);

const spec: TaskApiDialectSpec = {
  name: "aimlapi",
  key: SIM_AIMLAPI_KEY,
  auth: { header: "authorization", scheme: "Bearer" },
  statuses: { queued: "queued", running: "generating", succeeded: "completed", failed: "error" },
  pricing: aimlapiPricing,
  failure: "The request was rejected by content moderation (simulated)",
  error: (kind, message) => ({
    status: STATUS[kind],
    body: {
      message:
        kind === "out_of_credits"
          ? `You've run out of credits. Please top up your balance or update your payment method to continue: https://aimlapi.com/app/billing/ (${message})`
          : message,
    },
  }),
  invalid: (field, message) => ({ status: 400, body: { message: `Body validation error! ${field}: ${message}` } }),
  words: { concurrency_full: "Too Many Requests: concurrent generation limit reached" },
  create: {
    path: /^\/v2\/video\/generations$/,
    schema: body,
    read: (b: z.infer<typeof body>) =>
      b.model === "klingai/video-v3-motion-control"
        ? {
            model: "kling-v3",
            mode: b.mode ?? "std",
            orientation: b.character_orientation ?? "video",
            videoUrl: b.video_url,
            ...(b.prompt !== undefined ? { prompt: b.prompt } : {}),
          }
        : {
            model: "kling-v2.6",
            mode: "pro",
            orientation: b.character_orientation ?? "image",
            videoUrl: b.video_url,
            ...(b.prompt !== undefined ? { prompt: b.prompt } : {}),
          },
    answer: (view) => ({ status: 200, body: { id: view.id, status: "queued" } }),
  },
  get: [
    {
      path: /^\/v2\/video\/generations$/,
      id: (_match, query) => query.get("generation_id") || { field: "generation_id", message: "is required" },
      answer: (view) => ({
        status: 200,
        body: {
          id: view.id,
          status: view.status,
          ...(view.outputUrl
            ? {
                video: { url: view.outputUrl },
                meta: { usage: { credits_used: Math.round(view.task.usd * 2_000_000), usd_spent: view.task.usd } },
              }
            : {}),
          ...(view.phase === "failed" ? { error: { name: "ModerationError", message: view.failure } } : {}),
        },
      }),
    },
  ],
};

/** AI/ML API's video generations for Kling Motion Control, as contracts/aimlapi documents it. */
export function aimlapiDialect() {
  return taskApiDialect(spec);
}
