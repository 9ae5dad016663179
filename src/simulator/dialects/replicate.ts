import { z } from "zod";
import { replicatePricing } from "../../providers/replicate/pricing.js";
import type { DialectResponse, SimErrorKind } from "../dialect.js";
import { prefixedIds, type TaskApiDialectSpec, type TaskView, taskApiDialect } from "./task-api-dialect.js";

/** The key the simulator's Replicate dialect accepts. */
export const SIM_REPLICATE_KEY = "sim-replicate-key";

const STATUS: Record<SimErrorKind, number> = {
  unauthorized: 401,
  invalid: 422,
  not_found: 404,
  rate_limited: 429,
  concurrency_full: 429,
  // Not read; Replicate's usual Payment Required [inferred].
  out_of_credits: 402,
  server: 500,
  unavailable: 503,
};

const MODELS = { "kling-v3": "kling-v3", "kling-v2.6": "kling-v2.6" } as const;

const body = z.strictObject({
  input: z.strictObject({
    image: z.string().min(1),
    video: z.string().min(1),
    prompt: z.string().optional(),
    character_orientation: z.enum(["image", "video"]).optional(),
    mode: z.enum(["std", "pro"]).optional(),
    keep_original_sound: z.boolean().optional(),
  }),
  webhook: z.string().optional(),
  webhook_events_filter: z.array(z.enum(["start", "output", "logs", "completed"])).optional(),
});

const iso = (ms: number) => new Date(ms).toISOString();

/** The prediction object [third-party: Replicate's "Get a prediction"]. */
function prediction(view: TaskView, httpStatus: number): DialectResponse {
  const request = view.task.request as { body?: { input?: unknown } };
  const url = view.selfUrl(`/v1/predictions/${view.id}`);
  const ended = view.phase === "succeeded" || view.phase === "failed";
  return {
    status: httpStatus,
    body: {
      id: view.id,
      model: `kwaivgi/${MODELS[view.model]}-motion-control`,
      version: "sim",
      input: request.body?.input ?? {},
      logs: "",
      output: view.outputUrl ?? null,
      error: view.phase === "failed" ? view.failure : null,
      status: view.status,
      created_at: iso(view.task.createdAtMs),
      urls: { get: url, cancel: `${url}/cancel`, web: `https://replicate.com/p/${view.id}` },
      ...(view.phase !== "queued" ? { started_at: iso(view.task.createdAtMs + view.task.queuedMs) } : {}),
      ...(ended ? { completed_at: iso(view.endMs), metrics: { predict_time: view.task.processingMs / 1000 } } : {}),
    },
  };
}

const spec: TaskApiDialectSpec = {
  name: "replicate",
  key: SIM_REPLICATE_KEY,
  auth: { header: "authorization", scheme: "Bearer" },
  // Replicate ids are lower-case letters and digits.
  ids: prefixedIds("sim"),
  statuses: { queued: "starting", running: "processing", succeeded: "succeeded", failed: "failed" },
  pricing: replicatePricing,
  failure: "The input or output was flagged as sensitive. Please try again with different inputs. (E005) (simulated)",
  error: (kind, message) => ({ status: STATUS[kind], body: { detail: message } }),
  invalid: (field, message) => ({ status: 422, body: { detail: `- ${field}: ${message}` } }),
  create: {
    path: /^\/v1\/models\/kwaivgi\/(kling-v3|kling-v2\.6)-motion-control\/predictions$/,
    schema: body,
    read: (b: z.infer<typeof body>, match) => ({
      model: match[1] as "kling-v3" | "kling-v2.6",
      // Replicate's defaults: pro, orientation image [third-party].
      mode: b.input.mode ?? "pro",
      orientation: b.input.character_orientation ?? "image",
      videoUrl: b.input.video,
      ...(b.input.prompt !== undefined ? { prompt: b.input.prompt } : {}),
    }),
    notWork: ["webhook", "webhook_events_filter"],
    answer: (view) => prediction(view, 201),
  },
  get: [
    {
      path: /^\/v1\/predictions\/([^/]+)$/,
      id: (match) => decodeURIComponent(match[1] as string),
      answer: (view) => prediction(view, 200),
    },
  ],
};

/** Replicate's predictions API for kwaivgi's Kling Motion Control models, as contracts/replicate documents it. */
export function replicateDialect() {
  return taskApiDialect(spec);
}
