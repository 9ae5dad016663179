/**
 * Kling custom elements (`/v1/general/advanced-custom-elements`), "Video Character Elements": an
 * element made from one face reference video, passed to a motion-control task in `element_list`.
 *
 * Read (Kling's API reference "General / Element", as quoted by third parties on 2026-11-21:
 * m-macmini.../kling-api-field-level-tier2-elements.md, the new-api Go client, doc.ezmodel.cloud):
 * POST body `element_name` (<= 20 chars), `element_description` (<= 100 chars), `reference_type`
 * `video_refer` | `image_refer`, `element_video_list: {refer_videos: [{video_url}]}` (one video),
 * optional `tag_list` [{tag_id}] (`o_102` = character), `callback_url`, `external_task_id`; answer
 * `{code, message, request_id, data: {task_id, task_info: {external_task_id}, task_status}}`; GET
 * `.../{task_id or external_task_id}` -> `data.task_result.elements[0].element_id` (a 64-bit integer)
 * once `task_status` is `succeed`; list `?pageNum=&pageSize=`; statuses submitted, processing,
 * succeed, failed; motion control takes `element_list: [{element_id: long}]`, at most one.
 * Inferred: the error codes are those of the video endpoints; only realistic human figures can be
 * made from a video (stated), so a failure there is a content refusal we cannot predict; the price
 * (unknown, see pricing.ts); how long an element takes (EvoLink says about 10 minutes).
 */
import { z } from "zod";
import type { SubmitRequest, TaskState } from "../contract.js";
import { exactValuesOf } from "../long-json.js";

export const ELEMENT_PATH = "/v1/general/advanced-custom-elements";
/** Our task ids for element tasks carry this prefix, so `get` knows which endpoint to ask. */
export const ELEMENT_TASK_PREFIX = "element:";
/** Kling's tag for a character element. */
const CHARACTER_TAG = "o_102";

export const elementTaskSchema = z.object({
  task_id: z.string(),
  task_status: z.string(),
  task_status_msg: z.string().optional().nullable(),
  task_info: z.object({ external_task_id: z.string().optional().nullable() }).partial().optional().nullable(),
  task_result: z
    .object({
      elements: z
        .array(z.object({ status: z.string().optional().nullable() }).passthrough())
        .optional()
        .nullable(),
    })
    .optional()
    .nullable(),
});
export type KlingElementTask = z.infer<typeof elementTaskSchema>;

/** The body of `POST /v1/general/advanced-custom-elements` for a job that creates an element. */
export function elementRequestBody(request: SubmitRequest): Record<string, unknown> {
  const element = request.spec.element;
  if (!element) throw new Error("an element job needs spec.element");
  return {
    element_name: element.name,
    element_description: element.description,
    reference_type: "video_refer",
    element_video_list: { refer_videos: [{ video_url: request.videoUrl }] },
    tag_list: [{ tag_id: CHARACTER_TAG }],
    external_task_id: request.clientRef,
  };
}

/**
 * Our view of an element task. `rawText` is the answer as received: the element id is read from
 * it, digit for digit (JSON.parse would round a 64-bit id).
 */
export function elementState(task: KlingElementTask, rawText: string): TaskState {
  const providerStatus = task.task_status;
  switch (providerStatus) {
    case "submitted":
      return { status: "queued", providerStatus };
    case "processing":
      return { status: "running", providerStatus };
    case "succeed": {
      const [elementId] = exactValuesOf(rawText, "element_id");
      const itemStatus = task.task_result?.elements?.[0]?.status;
      if (!elementId || (itemStatus && itemStatus !== "succeed")) {
        return {
          status: "failed",
          providerStatus,
          failure: { class: "provider", message: `the element task ended without a usable element (status ${itemStatus ?? "none"})` },
        };
      }
      return { status: "succeeded", providerStatus, elementId };
    }
    case "failed": {
      const message = task.task_status_msg || "the element could not be created (no reason given)";
      const contentPolicy = /risk|content|policy|sensitive|security|face|human/i.test(message);
      return { status: "failed", providerStatus, failure: { class: contentPolicy ? "content-policy" : "provider", message } };
    }
    default:
      return { status: "running", providerStatus };
  }
}
