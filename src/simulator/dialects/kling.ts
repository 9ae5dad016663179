import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { klingPricing } from "../../providers/kling/pricing.js";
import { exactValuesOf } from "../../providers/long-json.js";
import type { Dialect, DialectContext, DialectRequest, DialectResponse, SimErrorKind } from "../dialect.js";
import type { SimTask } from "../engine.js";
import { createSimTask } from "./create-task.js";
import { createElement, ELEMENT_PATH, readElements, readyElement } from "./kling-elements.js";

export { SIM_FAIL_MARKER } from "./create-task.js";

/** Credentials the simulator accepts for the Kling dialect: access key -> secret key. */
export type KlingAccounts = Readonly<Record<string, string>>;

export const SIM_KLING_ACCOUNT = { accessKey: "sim-access-key", secretKey: "sim-secret-key" } as const;

const PATH = "/v1/videos/motion-control";
const MODELS = { "kling-v3": "kling-v3", "kling-v2-6": "kling-v2.6" } as const;

/** Kling's HTTP status and business code for each kind of error (contracts/kling/samples.json). */
const KLING_ERRORS: Record<SimErrorKind, readonly [number, number]> = {
  unauthorized: [401, 1000],
  invalid: [400, 1201],
  not_found: [404, 1203],
  rate_limited: [429, 1302],
  concurrency_full: [429, 1303],
  out_of_credits: [429, 1102],
  server: [500, 5000],
  unavailable: [503, 5001],
};

function error(status: number, code: number, message: string, headers?: Record<string, string>): DialectResponse {
  return { status, body: { code, message, request_id: randomUUID() }, ...(headers ? { headers } : {}) };
}

function ok(data: unknown): DialectResponse {
  return { status: 200, body: { code: 0, message: "SUCCEED", request_id: randomUUID(), data } };
}

/** Kling's Motion Control API, as its reference documents it (contracts/kling/samples.json). */
export function klingDialect(accounts: KlingAccounts = { [SIM_KLING_ACCOUNT.accessKey]: SIM_KLING_ACCOUNT.secretKey }): Dialect {
  return {
    name: "kling",
    kindOf: ({ method, path }) => {
      if (path === PATH || path === ELEMENT_PATH) return method === "POST" ? "create" : method === "GET" ? "list" : "other";
      return (path.startsWith(`${PATH}/`) || path.startsWith(`${ELEMENT_PATH}/`)) && method === "GET" ? "get" : "other";
    },
    error: (kind, message) => {
      const [status, code] = KLING_ERRORS[kind];
      return error(status, code, message);
    },
    async handle(req, ctx) {
      const auth = authenticate(req, accounts, ctx.engine.clock.now());
      if ("status" in auth) return auth;
      const account = `kling:${auth.accessKey}`;
      if (req.path === PATH && req.method === "POST") return create(req, ctx, account);
      if (req.path === ELEMENT_PATH && req.method === "POST") return createElement(req, ctx, account, error);
      if ((req.path === ELEMENT_PATH || req.path.startsWith(`${ELEMENT_PATH}/`)) && req.method === "GET")
        return readElements(req, ctx, account, error);
      if (req.path === PATH && req.method === "GET") {
        const pageNum = Number(req.query.get("pageNum") ?? 1);
        const pageSize = Number(req.query.get("pageSize") ?? 30);
        if (!Number.isInteger(pageNum) || pageNum < 1 || pageNum > 1000) return error(400, 1201, "pageNum must be 1-1000");
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) return error(400, 1201, "pageSize must be 1-500");
        const tasks = ctx.engine
          .tasksOf(account)
          .filter((t) => t.dialect === "kling")
          .sort((a, b) => b.createdAtMs - a.createdAtMs)
          .slice((pageNum - 1) * pageSize, pageNum * pageSize);
        return ok(tasks.map((t) => render(t, ctx)));
      }
      if (req.path.startsWith(`${PATH}/`) && req.method === "GET") {
        const id = decodeURIComponent(req.path.slice(PATH.length + 1));
        const task = ctx.engine.find(account, id);
        if (task?.dialect !== "kling") return error(404, 1203, `task ${id} does not exist`);
        return ok(render(task, ctx));
      }
      return error(404, 1202, "The requested method is invalid");
    },
  };
}

function authenticate(req: DialectRequest, accounts: KlingAccounts, nowMs: number): { accessKey: string } | DialectResponse {
  const header = req.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return error(401, 1001, "Authorization is empty");
  const match = /^Bearer ([^.\s]+)\.([^.\s]+)\.([^.\s]+)$/.exec(value);
  if (!match) return error(401, 1002, "Authorization is invalid");
  const [, head, payload, signature] = match as unknown as [string, string, string, string];
  let claims: { iss?: unknown; exp?: unknown; nbf?: unknown };
  try {
    const header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as { alg?: unknown };
    if (header.alg !== "HS256") return error(401, 1002, "Authorization is invalid");
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof claims;
  } catch {
    return error(401, 1002, "Authorization is invalid");
  }
  const secret = typeof claims.iss === "string" ? accounts[claims.iss] : undefined;
  if (secret === undefined) return error(401, 1000, "Authentication failed");
  const expected = createHmac("sha256", secret).update(`${head}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return error(401, 1000, "Authentication failed");
  const nowS = nowMs / 1000;
  if (typeof claims.nbf === "number" && claims.nbf > nowS) return error(401, 1003, "Authorization is not yet valid");
  if (typeof claims.exp !== "number" || claims.exp <= nowS) return error(401, 1004, "Authorization has expired");
  return { accessKey: claims.iss as string };
}

async function create(req: DialectRequest, ctx: DialectContext, account: string): Promise<DialectResponse> {
  if (req.invalidJson || typeof req.body !== "object" || req.body === null || Array.isArray(req.body)) {
    return error(400, 1200, "Invalid request parameters: the body must be a JSON object");
  }
  const body = req.body as Record<string, unknown>;
  const problem = validate(body);
  if (problem) return error(400, 1201, problem);
  // element_list: at most one element, by its 64-bit id (read exactly from the text), ready and ours.
  const elementIds = body.element_list === undefined ? [] : exactValuesOf(req.text, "element_id");
  if (body.element_list !== undefined) {
    const list = body.element_list;
    if (!Array.isArray(list) || list.length > 1) return error(400, 1201, "element_list must be an array of at most 1 element");
    if (list.some((e) => typeof (e as { element_id?: unknown } | null)?.element_id !== "number") || elementIds.length !== list.length)
      return error(400, 1201, "element_list[].element_id must be an integer (long)");
    for (const id of elementIds)
      if (!readyElement(ctx, account, id)) return error(400, 1201, `element_list: element ${id} does not exist or is not ready`);
  }
  const result = await createSimTask(
    ctx,
    {
      dialect: "kling",
      account,
      model: MODELS[(body.model_name as keyof typeof MODELS | undefined) ?? "kling-v2-6"],
      mode: body.mode as "std" | "pro",
      orientation: body.character_orientation as "image" | "video",
      videoUrl: body.video_url as string,
      ...(typeof body.prompt === "string" ? { prompt: body.prompt } : {}),
      ...(typeof body.external_task_id === "string" ? { clientRef: body.external_task_id } : {}),
      // The element ids as sent, digit for digit (the parsed body has them rounded).
      body: elementIds.length > 0 ? { ...body, element_list: elementIds.map((id) => ({ element_id: id })) } : body,
      notWork: ["external_task_id", "callback_url"],
      pricing: klingPricing,
      failure: "Failure to pass the risk control system (simulated)",
    },
    {
      error: (kind, message) => error(...KLING_ERRORS[kind], message),
      invalid: (field, message) => error(...KLING_ERRORS.invalid, `${field}: ${message}`),
      words: {
        concurrency_full: "parallel task over resource pack limit",
        out_of_credits: "Resource pack depleted or expired (prepaid scenario)",
      },
    },
  );
  if ("refused" in result) return result.refused;
  const task = result.task;
  return ok({
    task_id: task.id,
    task_info: task.clientRef !== undefined ? { external_task_id: task.clientRef } : {},
    task_status: "submitted",
    created_at: task.createdAtMs,
    updated_at: task.createdAtMs,
  });
}

function validate(body: Record<string, unknown>): string | undefined {
  const isString = (key: string): boolean => typeof body[key] === "string" && (body[key] as string) !== "";
  if (!isString("image_url")) return "image_url is required";
  if (!isString("video_url")) return "video_url is required";
  const enums: Record<string, readonly string[]> = {
    character_orientation: ["image", "video"],
    mode: ["std", "pro"],
  };
  for (const [key, allowed] of Object.entries(enums)) {
    if (body[key] === undefined) return `${key} is required`;
    if (!allowed.includes(body[key] as string)) return `${key} must be one of ${allowed.join(", ")}`;
  }
  const optionalEnums: Record<string, readonly string[]> = {
    model_name: Object.keys(MODELS),
    keep_original_sound: ["yes", "no"],
  };
  for (const [key, allowed] of Object.entries(optionalEnums)) {
    if (body[key] !== undefined && !allowed.includes(body[key] as string)) return `${key} must be one of ${allowed.join(", ")}`;
  }
  if (body.prompt !== undefined && (typeof body.prompt !== "string" || body.prompt.length > 2500))
    return "prompt must be a string of at most 2500 characters";
  if (body.external_task_id !== undefined && typeof body.external_task_id !== "string") return "external_task_id must be a string";
  const known = new Set([
    "model_name",
    "image_url",
    "video_url",
    "prompt",
    "element_list",
    "keep_original_sound",
    "character_orientation",
    "mode",
    "watermark_info",
    "callback_url",
    "external_task_id",
  ]);
  for (const key of Object.keys(body)) if (!known.has(key)) return `unknown parameter ${key}`;
  return undefined;
}

function render(task: SimTask, ctx: DialectContext): Record<string, unknown> {
  const phase = ctx.engine.phaseOf(task);
  const status = { queued: "submitted", running: "processing", succeeded: "succeed", failed: "failed" }[phase];
  const end = task.createdAtMs + task.queuedMs + task.processingMs;
  return {
    task_id: task.id,
    task_status: status,
    task_status_msg: phase === "failed" ? (task.failWith ?? "") : "",
    task_info: task.clientRef !== undefined ? { external_task_id: task.clientRef } : {},
    ...(phase === "succeeded"
      ? {
          task_result: { videos: [{ id: `video-${task.id}`, url: ctx.outputUrl(task.id), duration: String(task.outputSeconds) }] },
          final_unit_deduction: String(task.outputSeconds),
        }
      : {}),
    created_at: task.createdAtMs,
    updated_at: phase === "succeeded" || phase === "failed" ? end : task.createdAtMs,
  };
}
