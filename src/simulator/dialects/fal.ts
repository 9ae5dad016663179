import { z } from "zod";
import { falPricing } from "../../providers/fal/pricing.js";
import type { SimErrorKind } from "../dialect.js";
import { type TaskApiDialectSpec, type TaskView, taskApiDialect, uuidIds } from "./task-api-dialect.js";

/** The key the simulator's fal dialect accepts. */
export const SIM_FAL_KEY = "sim-fal-key";

const STATUS: Record<SimErrorKind, number> = {
  unauthorized: 401,
  invalid: 422,
  not_found: 404,
  rate_limited: 429,
  concurrency_full: 429,
  // "User is locked. Reason: Exhausted balance." [third-party: fal-ai/fal issues #1112, #1147]
  out_of_credits: 403,
  server: 500,
  unavailable: 503,
};

const VERSIONS = { v3: "kling-v3", "v2.6": "kling-v2.6" } as const;
const TIERS = { standard: "std", pro: "pro" } as const;
const REQUESTS = "/fal-ai/kling-video/requests";

const body = z.strictObject({
  image_url: z.string().min(1),
  video_url: z.string().min(1),
  character_orientation: z.enum(["image", "video"]),
  prompt: z.string().max(2500).optional(),
  keep_original_sound: z.boolean().optional(),
  // Mentioned for v3 by third parties; shape unknown [third-party].
  elements: z.unknown().optional(),
});

/** fal's request URLs do not contain the model's sub-path [read]: `status_url` and `response_url` must be kept. */
function urls(view: TaskView) {
  const base = view.selfUrl(`${REQUESTS}/${view.id}`);
  return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
}

const spec: TaskApiDialectSpec = {
  name: "fal",
  key: SIM_FAL_KEY,
  auth: { header: "authorization", scheme: "Key" },
  ids: uuidIds,
  // COMPLETED means ended, success or not: the result says which [read].
  statuses: { queued: "IN_QUEUE", running: "IN_PROGRESS", succeeded: "COMPLETED", failed: "COMPLETED" },
  pricing: falPricing,
  failure: "The content could not be processed because it was flagged by a content checker (simulated)",
  error: (kind, message) => ({
    status: STATUS[kind],
    body: { detail: kind === "out_of_credits" ? `User is locked. Reason: Exhausted balance. ${message}` : message },
  }),
  invalid: (field, message) => ({
    status: 422,
    body: { detail: [{ loc: ["body", ...field.split(".")], msg: message, type: "value_error" }] },
  }),
  create: {
    path: /^\/fal-ai\/kling-video\/(v3|v2\.6)\/(pro|standard)\/motion-control$/,
    schema: body,
    read: (b: z.infer<typeof body>, match) => ({
      model: VERSIONS[match[1] as keyof typeof VERSIONS],
      mode: TIERS[match[2] as keyof typeof TIERS],
      orientation: b.character_orientation,
      videoUrl: b.video_url,
      ...(b.prompt !== undefined ? { prompt: b.prompt } : {}),
    }),
    answer: (view) => ({ status: 200, body: { request_id: view.id, ...urls(view) } }),
  },
  get: [
    {
      path: /^\/fal-ai\/kling-video\/requests\/([^/]+)\/status$/,
      id: (match) => decodeURIComponent(match[1] as string),
      answer: (view) => ({
        status: 200,
        body: {
          status: view.status,
          request_id: view.id,
          response_url: urls(view).response_url,
          logs: null,
          ...(view.phase === "queued" ? { queue_position: 0 } : {}),
        },
      }),
    },
    {
      path: /^\/fal-ai\/kling-video\/requests\/([^/]+)$/,
      id: (match) => decodeURIComponent(match[1] as string),
      answer(view) {
        if (view.outputUrl) {
          return {
            status: 200,
            body: { video: { url: view.outputUrl, content_type: "video/mp4", file_name: "output.mp4", file_size: null } },
          };
        }
        if (view.phase === "failed") {
          // The failed result's shape mirrors fal's webhook error payload [inferred].
          return {
            status: 422,
            body: { detail: [{ loc: ["body", "video_url"], msg: view.failure, type: "content_policy_violation" }] },
          };
        }
        return { status: 400, body: { detail: "Request is still in progress" } };
      },
    },
  ],
};

/** fal.ai's queue API for Kling Motion Control, as contracts/fal documents it. */
export function falDialect() {
  return taskApiDialect(spec);
}
