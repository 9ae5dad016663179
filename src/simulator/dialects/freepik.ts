import { z } from "zod";
import { freepikPricing } from "../../providers/freepik/pricing.js";
import type { DialectResponse, SimErrorKind } from "../dialect.js";
import { pageFrom, type TaskApiDialectSpec, type TaskView, taskApiDialect, uuidIds } from "./task-api-dialect.js";

/** The key the simulator's Freepik dialect accepts. */
export const SIM_FREEPIK_KEY = "sim-freepik-key";

const STATUS: Record<SimErrorKind, number> = {
  unauthorized: 401,
  invalid: 400,
  not_found: 404,
  // 429 and 402 are not in Freepik's spec fragments [inferred].
  rate_limited: 429,
  concurrency_full: 429,
  out_of_credits: 402,
  server: 500,
  unavailable: 503,
};

const MODELS = { v3: "kling-v3", "v2-6": "kling-v2.6" } as const;

/** The create body: Freepik's `motion-control-request` schema (contracts/freepik/openapi.yaml). */
const body = z.strictObject({
  image_url: z.url(),
  video_url: z.url(),
  prompt: z.string().max(2500).optional(),
  character_orientation: z.enum(["video", "image"]).optional(),
  cfg_scale: z.number().min(0).max(1).optional(),
  webhook_url: z.url().optional(),
});

/** `{data: {task_id, status, generated}}`, the shape of Freepik's task endpoints [inferred for motion control]. */
function task(view: TaskView): DialectResponse {
  return { status: 200, body: { data: { task_id: view.id, status: view.status, generated: view.outputUrl ? [view.outputUrl] : [] } } };
}

const spec: TaskApiDialectSpec = {
  name: "freepik",
  key: SIM_FREEPIK_KEY,
  auth: { header: "x-freepik-api-key" },
  ids: uuidIds,
  statuses: { queued: "CREATED", running: "IN_PROGRESS", succeeded: "COMPLETED", failed: "FAILED" },
  pricing: freepikPricing,
  // Kept in the engine only: a failed task's body has no reason field [inferred: contracts show none].
  failure: "simulated failure",
  error: (kind, message) => ({ status: STATUS[kind], body: { message } }),
  // Validation failures are problem+json with the field named [read].
  invalid: (field, message) => ({
    status: 400,
    headers: { "content-type": "application/problem+json" },
    body: { message: "Your request parameters didn't validate.", invalid_params: [{ name: field, reason: `${field}: ${message}` }] },
  }),
  create: {
    path: /^\/v1\/ai\/video\/kling-(v3|v2-6)-motion-control-(pro|std)$/,
    schema: body,
    read: (b: z.infer<typeof body>, match) => ({
      model: MODELS[match[1] as keyof typeof MODELS],
      mode: match[2] as "pro" | "std",
      orientation: b.character_orientation ?? "video",
      videoUrl: b.video_url,
      ...(b.prompt !== undefined ? { prompt: b.prompt } : {}),
    }),
    notWork: ["webhook_url"],
    answer: (view) => ({ status: 200, body: { data: { task_id: view.id, status: "CREATED", generated: [] } } }),
  },
  get: [
    {
      path: /^\/v1\/ai\/video\/kling-v3-motion-control-(pro|std)\/([^/]+)$/,
      id: (match) => decodeURIComponent(match[2] as string),
      accepts: (view, match) => view.model === "kling-v3" && view.mode === match[1],
      answer: task,
    },
    {
      // v2.6 tasks of both tiers are read here, not under their create path [read].
      path: /^\/v1\/ai\/image-to-video\/kling-v2-6\/([^/]+)$/,
      id: (match) => decodeURIComponent(match[1] as string),
      accepts: (view) => view.model === "kling-v2.6",
      answer: task,
    },
  ],
  list: [
    {
      path: /^\/v1\/ai\/video\/kling-v3-motion-control-(pro|std)$/,
      page: (query) => pageFrom(query, { page: "page", size: "per_page" }, { size: 20, maxSize: 100 }),
      accepts: (view, match) => view.model === "kling-v3" && view.mode === match[1],
      // `{data: [{task_id, status}]}` [read: contracts' response_note].
      answer: (views) => ({ status: 200, body: { data: views.map((v) => ({ task_id: v.id, status: v.status })) } }),
    },
    {
      path: /^\/v1\/ai\/image-to-video\/kling-v2-6$/,
      page: (query) => pageFrom(query, { page: "page", size: "per_page" }, { size: 20, maxSize: 100 }),
      accepts: (view) => view.model === "kling-v2.6",
      answer: (views) => ({ status: 200, body: { data: views.map((v) => ({ task_id: v.id, status: v.status })) } }),
    },
  ],
};

/** Freepik's Kling Motion Control API, as contracts/freepik documents it. */
export function freepikDialect() {
  return taskApiDialect(spec);
}
