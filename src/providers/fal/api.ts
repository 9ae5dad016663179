/**
 * fal.ai's queue API for Kling Motion Control (../shared/contracts/fal/samples.json). Model and
 * tier are in the path; the create answer gives `status_url` and `response_url`, which are kept
 * (the handle) and used verbatim: fal says not to rebuild them. `COMPLETED` means the request
 * ended, not that it succeeded: the result says which.
 */
import type { SubmitRequest, TaskState } from "../contract.js";
import { ProviderError } from "../provider-error.js";
import type { TaskApi, TaskApiCalls } from "../task-api/task-api.js";
import { missingHandle } from "../task-api/task-api-adapter.js";
import { textAt, valueAt } from "../task-api/value-at.js";
import { failureClassOf } from "../task-failure.js";

const VERSIONS = { "kling-v3": "v3", "kling-v2.6": "v2.6" } as const;
const TIERS = { std: "standard", pro: "pro" } as const;

/** The request fal expects for a job (path and body). */
export function falRequest(request: SubmitRequest): { path: string; body: Record<string, unknown> } {
  const { spec } = request;
  return {
    path: `/fal-ai/kling-video/${VERSIONS[spec.model]}/${TIERS[spec.mode]}/motion-control`,
    body: {
      image_url: request.imageUrl,
      video_url: request.videoUrl,
      character_orientation: spec.orientation,
      ...(spec.prompt !== undefined ? { prompt: spec.prompt } : {}),
      // A boolean here (Kling's own API says "yes"/"no"); fal's default is true.
      ...(spec.keepSound !== undefined ? { keep_original_sound: spec.keepSound } : {}),
    },
  };
}

interface FalUrls {
  status_url: string;
  response_url: string;
}

function urlsOf(handle: string | undefined): FalUrls | undefined {
  if (!handle) return undefined;
  try {
    const parsed = JSON.parse(handle) as Partial<FalUrls>;
    return typeof parsed.status_url === "string" && typeof parsed.response_url === "string"
      ? { status_url: parsed.status_url, response_url: parsed.response_url }
      : undefined;
  } catch {
    return undefined;
  }
}

const STATUSES = {
  queued: ["IN_QUEUE"],
  running: ["IN_PROGRESS"],
  succeeded: ["COMPLETED"],
  // Not in fal's queue docs; a third-party schema lists them [third-party].
  failed: ["FAILED", "CANCELED", "CANCELLED", "ERROR"],
};

async function falGet(calls: TaskApiCalls, taskId: string, handle: string | undefined): Promise<TaskState> {
  const urls = urlsOf(handle);
  if (!urls) throw missingHandle("fal", taskId, "status_url and response_url");
  const status = valueAt((await calls.getJson(urls.status_url)).json, "status");
  if (status !== "COMPLETED") return calls.stateOf({ status });
  const result = await calls.getRaw(urls.response_url);
  if (result.status >= 200 && result.status < 300) {
    const url = valueAt(result.json, "video.url");
    if (typeof url === "string" && url !== "") return { status: "succeeded", providerStatus: "COMPLETED", outputUrl: url };
    return {
      status: "failed",
      providerStatus: "COMPLETED",
      failure: { class: "provider", message: "the request completed without video.url in its result" },
    };
  }
  // A request that ended in an error answers its result with 422 and fal's `detail` list
  // [inferred: the shape mirrors fal's webhook error payload].
  if (result.status === 422) {
    const message = textAt(result.json, ["detail[0].msg", "detail", "error"]) ?? "the request completed with an error";
    const type = valueAt(result.json, "detail[0].type");
    const code = typeof type === "string" ? type : undefined;
    return { status: "failed", providerStatus: "COMPLETED", failure: { class: failureClassOf(message, code), message } };
  }
  throw calls.errorOf("GET", result);
}

export const falApi: TaskApi = {
  provider: "fal",
  authHeaders: (key) => ({ authorization: `Key ${key}` }),
  create: falRequest,
  createdStatus: "IN_QUEUE",
  handle(created) {
    const urls = { status_url: valueAt(created, "status_url"), response_url: valueAt(created, "response_url") };
    if (typeof urls.status_url !== "string" || typeof urls.response_url !== "string") {
      // Without them the task cannot be followed (rebuilding them is what fal says not to do).
      throw new ProviderError("fal POST answered without status_url and response_url", {
        provider: "fal",
        kind: "bad_response",
        sent: "maybe",
      });
    }
    return JSON.stringify(urls);
  },
  getPath(taskId, handle) {
    const urls = urlsOf(handle);
    if (!urls) throw missingHandle("fal", taskId, "status_url and response_url");
    return urls.status_url;
  },
  get: falGet,
  fields: { id: "request_id", status: "status", outputUrl: "video.url", failureMessage: ["detail[0].msg", "detail", "error"] },
  statuses: STATUSES,
  errors: {
    // A validation error names the field in `loc` (["body", "video_url"]) and says what is wrong in `msg` [read].
    describe(body) {
      const loc = valueAt(body, "detail[0].loc");
      const msg = valueAt(body, "detail[0].msg");
      if (typeof msg !== "string") return undefined;
      const field = Array.isArray(loc) ? loc.filter((part) => part !== "body").join(".") : "";
      return field ? `${field}: ${msg}` : msg;
    },
    message: ["detail", "error", "message"],
    code: "detail[0].type",
    rules: [
      // Out of credits is HTTP 403 "User is locked. Reason: Exhausted balance." (or "TOP_UP")
      // [third-party: fal-ai/fal issues #1112, #1147]; another lock is an account problem.
      { status: [402, 403], message: /exhausted balance|top.?up|insufficient|balance/i, kind: "out_of_credits" },
      { status: 403, kind: "account" },
      { status: 422, code: "content_policy_violation", kind: "content_policy" },
      { status: [400, 422], kind: "invalid_input" },
      { status: 429, message: /concurren/i, kind: "concurrency_full" },
      { status: 429, kind: "rate_limited" },
    ],
  },
  unsupported: { cfgScale: "fal's motion-control endpoints have no cfg_scale" },
};
