/**
 * EvoLink's `kling-custom-element` in the simulator, around its motion-control dialect: the same
 * `POST /v1/videos/generations` and `GET /v1/tasks/{id}`, an element that takes the engine's task
 * time, its id (a 64-bit integer, as Kling's [inferred]) at `result_data.element_id`, $0.014 per
 * element. Motion control then checks `model_params.element_list` [inferred] against ready elements.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { evolinkElementPrice } from "../../providers/evolink/pricing.js";
import { exactValuesOf, LongInteger, stringifyWithLongs } from "../../providers/long-json.js";
import type { Dialect, DialectContext, DialectRequest, DialectResponse } from "../dialect.js";
import type { SimTask } from "../engine.js";
import { generationsError, generationsInvalid } from "./generations-family.js";
import { elementIdOf, SIM_ELEMENT_FAIL_MARKER } from "./kling-elements.js";
import { problemOf } from "./task-api-dialect.js";

const ELEMENT_MODEL = "kling-custom-element";
const GENERATIONS = "/v1/videos/generations";
const ID_PREFIX = "task-unified-";
/** Engine tasks that create EvoLink elements (billing log included). */
export const EVOLINK_ELEMENT_DIALECT = "evolink-element";

const elementBody = z.strictObject({
  model: z.literal(ELEMENT_MODEL),
  model_params: z.strictObject({
    element_name: z.string().trim().min(1).max(20),
    element_description: z.string().trim().min(1).max(100),
    reference_type: z.literal("video_refer"),
    element_video_list: z.strictObject({ refer_videos: z.array(z.strictObject({ video_url: z.string().min(1) })).length(1) }),
  }),
  callback_url: z
    .string()
    .max(2048)
    .regex(/^https:\/\//, "must be an HTTPS URL")
    .optional(),
});

/** The EvoLink dialect with custom elements; `account` is the engine account its tasks belong to. */
export function withEvolinkElements(inner: Dialect, key: string): Dialect {
  const account = `${inner.name}:${key}`;
  return {
    name: inner.name,
    kindOf: inner.kindOf,
    error: inner.error,
    async handle(req, ctx) {
      const body = req.body as { model?: unknown; model_params?: { element_list?: unknown } } | undefined;
      if (req.method === "POST" && req.path === GENERATIONS && body?.model === ELEMENT_MODEL) {
        return authorized(req, key) ?? createElement(req, ctx, account);
      }
      const get = /^\/v1\/tasks\/([^/]+)$/.exec(req.path);
      if (req.method === "GET" && get) {
        const id = decodeURIComponent(get[1] as string);
        const task = id.startsWith(ID_PREFIX) ? ctx.engine.find(account, id.slice(ID_PREFIX.length)) : undefined;
        if (task?.dialect === EVOLINK_ELEMENT_DIALECT) return authorized(req, key) ?? render(task, ctx);
      }
      if (req.method === "POST" && req.path === GENERATIONS && body?.model_params?.element_list !== undefined) {
        const refused = authorized(req, key) ?? checkElementList(req, ctx, account);
        if (refused) return refused;
        // The ids as sent, digit for digit (the parsed body has them rounded).
        const exact = exactValuesOf(req.text, "element_id").map((id) => ({ element_id: id }));
        const params = { ...(body.model_params as object), element_list: exact };
        return inner.handle({ ...req, body: { ...(body as object), model_params: params } }, ctx);
      }
      return inner.handle(req, ctx);
    },
  };
}

function authorized(req: DialectRequest, key: string): DialectResponse | undefined {
  const raw = req.headers.authorization;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return generationsError("unauthorized", "missing authorization header");
  return value === `Bearer ${key}` ? undefined : generationsError("unauthorized", "invalid API key");
}

function checkElementList(req: DialectRequest, ctx: DialectContext, account: string): DialectResponse | undefined {
  const list = (req.body as { model_params: { element_list: unknown } }).model_params.element_list;
  const field = "model_params.element_list";
  if (!Array.isArray(list) || list.length > 1) return generationsInvalid(field, "must be an array of at most 1 element");
  const ids = exactValuesOf(req.text, "element_id");
  if (ids.length !== list.length) return generationsInvalid(field, "each item needs an element_id");
  for (const id of ids) {
    const ready = ctx.engine
      .tasksOf(account)
      .some((t) => t.dialect === EVOLINK_ELEMENT_DIALECT && elementIdOf(t) === id && ctx.engine.phaseOf(t) === "succeeded");
    if (!ready) return generationsInvalid(field, `element ${id} does not exist or is not ready`);
  }
  return undefined;
}

async function createElement(req: DialectRequest, ctx: DialectContext, account: string): Promise<DialectResponse> {
  const parsed = elementBody.safeParse(req.body);
  if (!parsed.success) {
    const problem = problemOf(parsed.error);
    return generationsInvalid(problem.field, problem.message);
  }
  const params = parsed.data.model_params;
  const videoUrl = params.element_video_list.refer_videos[0]?.video_url as string;
  if ((await ctx.mediaSeconds(videoUrl)) === undefined) {
    return generationsInvalid("model_params.element_video_list", "the video could not be fetched or read");
  }
  const { callback_url: _callback, ...work } = parsed.data;
  const result = ctx.engine.create({
    dialect: EVOLINK_ELEMENT_DIALECT,
    account,
    fingerprint: createHash("sha256").update(JSON.stringify(work)).digest("hex"),
    outputSeconds: 0,
    usd: evolinkElementPrice.usdPerElement,
    ...(params.element_description.includes(SIM_ELEMENT_FAIL_MARKER)
      ? { failWith: "no realistic human face was found in the video (simulated)" }
      : {}),
    request: parsed.data,
  });
  if ("refused" in result) {
    return result.refused === "out_of_credits"
      ? generationsError("out_of_credits", "insufficient credits for this task")
      : generationsError("concurrency_full", "too many concurrent tasks for this account");
  }
  const task = result.task;
  return {
    status: 200,
    body: {
      created: Math.floor(task.createdAtMs / 1000),
      id: `${ID_PREFIX}${task.id}`,
      model: ELEMENT_MODEL,
      object: "video.generation.task",
      progress: 0,
      status: "pending",
      task_info: { can_cancel: true, estimated_time: 600 },
      type: "video",
      usage: { billing_rule: "per_call", credits_reserved: 1, user_group: "default" },
    },
  };
}

function render(task: SimTask, ctx: DialectContext): DialectResponse {
  const phase = ctx.engine.phaseOf(task);
  const status = { queued: "pending", running: "processing", succeeded: "completed", failed: "failed" }[phase];
  const body = {
    created: Math.floor(task.createdAtMs / 1000),
    id: `${ID_PREFIX}${task.id}`,
    model: ELEMENT_MODEL,
    object: "video.generation.task",
    progress: { queued: 0, running: 50, succeeded: 100, failed: 0 }[phase],
    status,
    type: "video",
    ...(phase === "succeeded" ? { result_data: { element_id: new LongInteger(elementIdOf(task)) } } : {}),
    ...(phase === "failed" ? { error: { code: "element_creation_failed", message: task.failWith } } : {}),
  };
  return { status: 200, body, text: stringifyWithLongs(body) };
}
