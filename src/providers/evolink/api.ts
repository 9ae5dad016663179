/**
 * EvoLink's unified task API for Kling Motion Control (../shared/contracts/evolink/samples.json):
 * URLs in arrays, the tier as `quality`, orientation inside `model_params`.
 */
import type { SubmitRequest } from "../contract.js";
import { LongInteger } from "../long-json.js";
import { modelIdOf } from "../task-api/not-offered.js";
import type { TaskApi } from "../task-api/task-api.js";
import { UNIFIED_ERRORS } from "../task-api/unified-errors.js";

const MODELS = { "kling-v3": "kling-v3-motion-control" } as const;
const QUALITY = { std: "720p", pro: "1080p" } as const;

/**
 * EvoLink's `kling-custom-element` [read: docs.evolink.ai/en/api-manual/video-series/kling/kling-custom-element,
 * 2026-11-21]: the same task API, `model_params` as Kling's element request, the element id in
 * `result_data.element_id` once completed, $0.014 per element. A "Video Character Element" from one
 * face video (`video_refer`) is Kling's shape [read at Kling]; EvoLink's example shows `image_refer`.
 */
const ELEMENT_MODEL = "kling-custom-element";

/** The request EvoLink expects for a job (path and body). */
export function evolinkRequest(request: SubmitRequest): { path: string; body: Record<string, unknown> } {
  const { spec } = request;
  if (spec.kind === "element") {
    const element = spec.element;
    if (!element) throw new Error("an element job needs spec.element");
    return {
      path: "/v1/videos/generations",
      body: {
        model: ELEMENT_MODEL,
        model_params: {
          element_name: element.name,
          element_description: element.description,
          reference_type: "video_refer",
          element_video_list: { refer_videos: [{ video_url: request.videoUrl }] },
        },
      },
    };
  }
  return {
    path: "/v1/videos/generations",
    body: {
      model: modelIdOf("evolink", MODELS, spec),
      ...(spec.prompt !== undefined ? { prompt: spec.prompt } : {}),
      image_urls: [request.imageUrl],
      video_urls: [request.videoUrl],
      quality: QUALITY[spec.mode],
      model_params: {
        character_orientation: spec.orientation,
        // [inferred]: EvoLink documents element_list for Kling O3 and V3 image-to-video; motion control
        // is assumed to take it the same way, with Kling's 64-bit id passed through.
        ...(spec.element?.id !== undefined
          ? { element_list: [{ element_id: /^\d+$/.test(spec.element.id) ? new LongInteger(spec.element.id) : spec.element.id }] }
          : {}),
      },
    },
  };
}

export const evolinkApi: TaskApi = {
  provider: "evolink",
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  create: evolinkRequest,
  getPath: (taskId) => `/v1/tasks/${encodeURIComponent(taskId)}`,
  fields: {
    id: "id",
    status: "status",
    outputUrl: "results[0]",
    failureMessage: ["error.message", "error"],
    failureCode: "error.code",
    elementId: "result_data.element_id",
  },
  // `cancelled` is in a third-party lifecycle diagram, not in the docs' enum.
  statuses: { queued: ["pending"], running: ["processing"], succeeded: ["completed"], failed: ["failed", "cancelled"] },
  errors: UNIFIED_ERRORS,
  unsupported: {
    keepSound: "EvoLink's sound parameter is not documented",
    cfgScale: "EvoLink's API has no cfg_scale",
  },
};
