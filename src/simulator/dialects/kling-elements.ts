/**
 * Kling's custom elements in the simulator (`/v1/general/advanced-custom-elements`), as the
 * adapter's notes describe them (providers/kling/elements.ts: what is read and what is inferred).
 * An element takes the engine's task time to be ready; its id is a 64-bit integer written exactly.
 */
import { createHash, randomUUID } from "node:crypto";
import { klingElementPrice } from "../../providers/kling/pricing.js";
import { LongInteger, stringifyWithLongs } from "../../providers/long-json.js";
import type { DialectContext, DialectRequest, DialectResponse } from "../dialect.js";
import type { SimTask } from "../engine.js";

export const ELEMENT_PATH = "/v1/general/advanced-custom-elements";
/** Engine tasks that create elements carry this dialect name (billing log included). */
export const ELEMENT_DIALECT = "kling-element";
/** An element description containing this marker makes the element fail (no usable face). */
export const SIM_ELEMENT_FAIL_MARKER = "[sim:fail]";
const TAG_IDS = ["o_101", "o_102", "o_103", "o_104", "o_105", "o_106", "o_107", "o_108"];
const KNOWN = new Set([
  "element_name",
  "element_description",
  "reference_type",
  "element_image_list",
  "element_video_list",
  "element_voice_id",
  "tag_list",
  "callback_url",
  "external_task_id",
]);

type Answer = (status: number, code: number, message: string) => DialectResponse;

/** The element id of an element task: 18 digits, above 2^53, derived from the task so a restart keeps it. */
export function elementIdOf(task: SimTask): string {
  const sequence = BigInt(Number(task.id.slice(-6)) || 0);
  return String(BigInt(task.createdAtMs) * 100_000n + sequence);
}

/** The element task of an account with this element id, if it is ready. */
export function readyElement(ctx: DialectContext, account: string, elementId: string): SimTask | undefined {
  return ctx.engine
    .tasksOf(account)
    .find((t) => t.dialect === ELEMENT_DIALECT && elementIdOf(t) === elementId && ctx.engine.phaseOf(t) === "succeeded");
}

export async function createElement(req: DialectRequest, ctx: DialectContext, account: string, error: Answer): Promise<DialectResponse> {
  if (req.invalidJson || typeof req.body !== "object" || req.body === null || Array.isArray(req.body)) {
    return error(400, 1200, "Invalid request parameters: the body must be a JSON object");
  }
  const body = req.body as Record<string, unknown>;
  const problem = validateElement(body);
  if (problem) return error(400, 1201, problem);
  if (body.reference_type === "video_refer") {
    const videoUrl = (body.element_video_list as { refer_videos: { video_url: string }[] }).refer_videos[0]?.video_url as string;
    if ((await ctx.mediaSeconds(videoUrl)) === undefined) {
      return error(400, 1201, "element_video_list.refer_videos[0].video_url: the video could not be fetched or read");
    }
  }
  const { external_task_id: clientRef, callback_url: _callback, ...work } = body;
  const description = body.element_description as string;
  const result = ctx.engine.create({
    dialect: ELEMENT_DIALECT,
    account,
    ...(typeof clientRef === "string" && clientRef !== "" ? { clientRef } : {}),
    fingerprint: createHash("sha256")
      .update(JSON.stringify(work, Object.keys(work).sort()))
      .digest("hex"),
    outputSeconds: 0,
    usd: klingElementPrice.usdPerElement,
    ...(description.includes(SIM_ELEMENT_FAIL_MARKER)
      ? { failWith: "Element creation failed: no realistic human face was found in the video (simulated)" }
      : {}),
    request: body,
  });
  if ("refused" in result) {
    switch (result.refused) {
      case "concurrency_full":
        return error(429, 1303, "parallel task over resource pack limit");
      case "out_of_credits":
        return error(429, 1102, "Resource pack depleted or expired (prepaid scenario)");
      case "duplicate_client_ref":
        return error(400, 1201, "external_task_id already exists");
    }
  }
  const task = result.task;
  return {
    status: 200,
    body: undefined,
    text: envelope({
      task_id: task.id,
      task_info: task.clientRef !== undefined ? { external_task_id: task.clientRef } : {},
      task_status: "submitted",
      created_at: task.createdAtMs,
      updated_at: task.createdAtMs,
    }),
  };
}

/** GET one element task (by task id or external_task_id) or the list. */
export function readElements(req: DialectRequest, ctx: DialectContext, account: string, error: Answer): DialectResponse {
  if (req.path === ELEMENT_PATH) {
    const pageNum = Number(req.query.get("pageNum") ?? 1);
    const pageSize = Number(req.query.get("pageSize") ?? 30);
    if (!Number.isInteger(pageNum) || pageNum < 1 || pageNum > 1000) return error(400, 1201, "pageNum must be 1-1000");
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) return error(400, 1201, "pageSize must be 1-500");
    const tasks = ctx.engine
      .tasksOf(account)
      .filter((t) => t.dialect === ELEMENT_DIALECT)
      .sort((a, b) => b.createdAtMs - a.createdAtMs)
      .slice((pageNum - 1) * pageSize, pageNum * pageSize);
    return { status: 200, body: undefined, text: envelope(tasks.map((t) => render(t, ctx))) };
  }
  const id = decodeURIComponent(req.path.slice(ELEMENT_PATH.length + 1));
  const task = ctx.engine.find(account, id);
  if (task?.dialect !== ELEMENT_DIALECT) return error(404, 1203, `task ${id} does not exist`);
  return { status: 200, body: undefined, text: envelope(render(task, ctx)) };
}

/** Kling's success envelope, written with element ids as exact 64-bit numbers. */
function envelope(data: unknown): string {
  return stringifyWithLongs({ code: 0, message: "SUCCEED", request_id: randomUUID(), data });
}

function render(task: SimTask, ctx: DialectContext): Record<string, unknown> {
  const phase = ctx.engine.phaseOf(task);
  const status = { queued: "submitted", running: "processing", succeeded: "succeed", failed: "failed" }[phase];
  const request = task.request;
  return {
    task_id: task.id,
    task_status: status,
    task_status_msg: phase === "failed" ? (task.failWith ?? "") : "",
    task_info: task.clientRef !== undefined ? { external_task_id: task.clientRef } : {},
    task_result:
      phase === "succeeded"
        ? {
            elements: [
              {
                element_id: new LongInteger(elementIdOf(task)),
                element_name: request.element_name,
                element_description: request.element_description,
                reference_type: request.reference_type,
                ...(request.element_video_list ? { element_video_list: request.element_video_list } : {}),
                ...(request.element_image_list ? { element_image_list: request.element_image_list } : {}),
                owned_by: "creator",
                status: "succeed",
                tag_list: ((request.tag_list as { tag_id: string }[] | undefined) ?? []).map((t) => ({ id: t.tag_id, name: t.tag_id })),
              },
            ],
          }
        : {},
    final_unit_deduction: String(task.usd),
    created_at: task.createdAtMs,
    updated_at: phase === "succeeded" || phase === "failed" ? task.createdAtMs + task.queuedMs + task.processingMs : task.createdAtMs,
  };
}

function validateElement(body: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(body)) if (!KNOWN.has(key)) return `unknown parameter ${key}`;
  const text = (key: string, max: number): string | undefined => {
    const value = body[key];
    if (typeof value !== "string" || value.trim() === "") return `${key} is required`;
    if ([...value].length > max) return `${key} must not exceed ${max} characters`;
    return undefined;
  };
  const problem = text("element_name", 20) ?? text("element_description", 100);
  if (problem) return problem;
  if (body.reference_type === undefined) return "reference_type is required";
  if (body.reference_type !== "video_refer" && body.reference_type !== "image_refer")
    return "reference_type must be one of video_refer, image_refer";
  if (body.reference_type === "video_refer") {
    if (body.element_image_list !== undefined) return "element_image_list is invalid with reference_type=video_refer";
    const list = body.element_video_list as { refer_videos?: unknown } | undefined;
    if (typeof list !== "object" || list === null) return "element_video_list is required with reference_type=video_refer";
    const videos = list.refer_videos;
    if (!Array.isArray(videos) || videos.length !== 1) return "element_video_list.refer_videos must hold exactly one video";
    const url = (videos[0] as { video_url?: unknown } | null)?.video_url;
    if (typeof url !== "string" || url === "") return "element_video_list.refer_videos[0].video_url is required";
  } else {
    if (body.element_video_list !== undefined) return "element_video_list is invalid with reference_type=image_refer";
    const list = body.element_image_list as { frontal_image?: unknown; refer_images?: unknown } | undefined;
    if (typeof list !== "object" || list === null) return "element_image_list is required with reference_type=image_refer";
    if (typeof list.frontal_image !== "string" || list.frontal_image === "") return "element_image_list.frontal_image is required";
    const refer = list.refer_images;
    if (!Array.isArray(refer) || refer.length < 1 || refer.length > 3) return "element_image_list.refer_images must hold 1 to 3 images";
    if (refer.some((r) => typeof (r as { image_url?: unknown } | null)?.image_url !== "string"))
      return "refer_images[].image_url is required";
  }
  if (body.tag_list !== undefined) {
    if (!Array.isArray(body.tag_list)) return "tag_list must be an array";
    for (const tag of body.tag_list)
      if (!TAG_IDS.includes((tag as { tag_id?: unknown } | null)?.tag_id as string))
        return `tag_list: tag_id must be one of ${TAG_IDS.join(", ")}`;
  }
  for (const key of ["element_voice_id", "callback_url", "external_task_id"])
    if (body[key] !== undefined && typeof body[key] !== "string") return `${key} must be a string`;
  return undefined;
}
