import { z } from "zod";
import type { Clock } from "../../clock.js";
import type { Adapter, SubmitRequest, SubmittedTask, TaskState, TimeWindow } from "../contract.js";
import { type HttpResponse, httpJson, retryAfterMs } from "../http.js";
import { LongInteger, stringifyWithLongs } from "../long-json.js";
import { ProviderError } from "../provider-error.js";
import { listedTaskMatches } from "../task-api/list-match.js";
import { failureClassOf } from "../task-failure.js";
import { KlingTokenSource } from "./auth.js";
import { ELEMENT_PATH, ELEMENT_TASK_PREFIX, elementRequestBody, elementState, elementTaskSchema } from "./elements.js";
import { KLING_CODES, kindFromStatus } from "./errors.js";

const PATH = "/v1/videos/motion-control";
const PROVIDER = "kling";

export interface KlingAdapterOptions {
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  clock: Clock;
  /** Name used in errors and the ledger (the `sim` provider reuses this adapter). @default "kling" */
  provider?: string;
  /** @default 30000 */
  timeoutMs?: number;
}

const taskSchema = z.object({
  task_id: z.string(),
  task_status: z.string(),
  task_status_msg: z.string().optional().nullable(),
  task_info: z.object({ external_task_id: z.string().optional().nullable() }).partial().optional().nullable(),
  created_at: z.union([z.number(), z.string()]).optional().nullable(),
  task_result: z
    .object({
      videos: z.array(z.object({ url: z.string(), duration: z.union([z.string(), z.number()]).optional() })).optional(),
    })
    .optional()
    .nullable(),
});
type KlingTask = z.infer<typeof taskSchema>;

const envelope = <T extends z.ZodType>(data: T) =>
  z.object({ code: z.number(), message: z.string().optional(), request_id: z.string().optional(), data });

/** What Kling's list shows of a request (see findByRequest). */
const LISTED = { createdAt: { path: "created_at", unit: "ms" }, shows: { clientRef: "task_info.external_task_id" } } as const;
const LIST_PAGE_SIZE = 500;
/** 5 pages of 500: far more tasks than a lost POST's window holds. */
const LIST_PAGES = 5;

const MODEL_NAMES = { "kling-v3": "kling-v3", "kling-v2.6": "kling-v2-6" } as const;

/** Kling's official Motion Control API. */
export class KlingAdapter implements Adapter {
  readonly provider: string;
  readonly #baseUrl: string;
  readonly #tokens: KlingTokenSource;
  /** The keys behind the JWT, scrubbed from answers as the token itself is. */
  readonly #secrets: readonly string[];
  readonly #timeoutMs: number;
  readonly #clock: Clock;

  constructor(options: KlingAdapterOptions) {
    this.provider = options.provider ?? PROVIDER;
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#clock = options.clock;
    this.#tokens = new KlingTokenSource(options.accessKey, options.secretKey, () => options.clock.now());
    this.#secrets = [options.accessKey, options.secretKey];
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** The request body Kling expects for a job spec (PROVIDERS.md, "Parameters differ by provider"). */
  static requestBody(request: SubmitRequest): Record<string, unknown> {
    const { spec } = request;
    return {
      model_name: MODEL_NAMES[spec.model],
      image_url: request.imageUrl,
      video_url: request.videoUrl,
      character_orientation: spec.orientation,
      mode: spec.mode,
      ...(spec.prompt !== undefined ? { prompt: spec.prompt } : {}),
      ...(spec.keepSound !== undefined ? { keep_original_sound: spec.keepSound ? "yes" : "no" } : {}),
      // The character's custom element, once created (runner/element-job.ts): a 64-bit id, written exactly.
      ...(spec.element?.id !== undefined ? { element_list: [{ element_id: new LongInteger(spec.element.id) }] } : {}),
      external_task_id: request.clientRef,
    };
  }

  async submit(request: SubmitRequest): Promise<SubmittedTask> {
    const element = request.spec.kind === "element";
    let response: HttpResponse;
    let task: Omit<KlingTask, "task_status"> & { task_status?: string | undefined };
    try {
      const body = element ? elementRequestBody(request) : KlingAdapter.requestBody(request);
      response = await this.#send("POST", element ? ELEMENT_PATH : PATH, body);
      task = this.#data(response, taskSchema.partial({ task_status: true }), "POST");
    } catch (error) {
      // external_task_id is unique per account: when a resubmission of an attempt is refused as
      // invalid, the first POST may have been accepted after all. Ask before calling it a failure;
      // if the provider cannot say, the outcome is unknown, never a failure (the task may be paid).
      if (error instanceof ProviderError && error.kind === "invalid_input") {
        let existing: SubmittedTask | undefined;
        try {
          existing = element ? await this.#findElement(request.clientRef) : await this.#findVideo(request.clientRef);
        } catch (lookupError) {
          throw new ProviderError(`${error.message}; looking the task up by external_task_id failed too`, {
            provider: this.provider,
            kind: "server",
            sent: "maybe",
            cause: lookupError,
          });
        }
        if (existing) return existing;
      }
      throw error;
    }
    const status = task.task_status ?? "submitted";
    if (element) return { taskId: `${ELEMENT_TASK_PREFIX}${task.task_id}`, state: { status: "queued", providerStatus: status } };
    return { taskId: task.task_id, state: toState({ ...task, task_status: status }) };
  }

  /** A task by id; element tasks (`element:<id>`) are asked at the elements endpoint. */
  async get(taskId: string): Promise<TaskState> {
    if (taskId.startsWith(ELEMENT_TASK_PREFIX)) {
      const response = await this.#send("GET", `${ELEMENT_PATH}/${encodeURIComponent(taskId.slice(ELEMENT_TASK_PREFIX.length))}`);
      return elementState(this.#data(response, elementTaskSchema, "GET"), response.text);
    }
    const response = await this.#send("GET", `${PATH}/${encodeURIComponent(taskId)}`);
    return toState(this.#data(response, taskSchema, "GET"));
  }

  /**
   * Kling's GETs accept the `external_task_id` in place of the task id. A client reference is
   * unique to one job, video or element: the video endpoint is asked first, then the elements one.
   */
  async findByClientRef(clientRef: string): Promise<SubmittedTask | undefined> {
    return (await this.#findVideo(clientRef)) ?? (await this.#findElement(clientRef));
  }

  async #findVideo(clientRef: string): Promise<SubmittedTask | undefined> {
    const found = await this.#lookUp(PATH, clientRef, taskSchema);
    return found && { taskId: found.task.task_id, state: toState(found.task) };
  }

  async #findElement(clientRef: string): Promise<SubmittedTask | undefined> {
    const found = await this.#lookUp(ELEMENT_PATH, clientRef, elementTaskSchema);
    return found && { taskId: `${ELEMENT_TASK_PREFIX}${found.task.task_id}`, state: elementState(found.task, found.text) };
  }

  /** GET `<path>/<external_task_id>`: the task, or undefined when Kling says there is none. */
  async #lookUp<T extends z.ZodType>(path: string, clientRef: string, schema: T): Promise<{ task: z.output<T>; text: string } | undefined> {
    try {
      const response = await this.#send("GET", `${path}/${encodeURIComponent(clientRef)}`);
      return { task: this.#data(response, schema, "GET"), text: response.text };
    } catch (error) {
      if (error instanceof ProviderError && error.kind === "not_found") return undefined;
      throw error;
    }
  }

  /**
   * Kling's list (`GET ...?pageNum=&pageSize=`, newest first [inferred]) shows each task as its GET
   * does: `created_at` (ms) and `task_info.external_task_id`, but not the inputs [read: contracts].
   * So a listed task matches when it was created in the window and carries the attempt's
   * `external_task_id`: the same answer as `findByClientRef`, by another road.
   */
  async findByRequest(request: SubmitRequest, window: TimeWindow): Promise<SubmittedTask[]> {
    const found: SubmittedTask[] = [];
    for (let page = 1; page <= LIST_PAGES; page += 1) {
      const response = await this.#send("GET", `${PATH}?pageNum=${page}&pageSize=${LIST_PAGE_SIZE}`);
      const tasks = this.#data(response, z.array(taskSchema), "GET");
      for (const task of tasks) {
        if (listedTaskMatches(task, request, window, LISTED)) found.push({ taskId: task.task_id, state: toState(task) });
      }
      const oldest = Number(tasks.at(-1)?.created_at);
      if (tasks.length < LIST_PAGE_SIZE || oldest < window.fromMs) break;
    }
    return found;
  }

  async #send(method: "GET" | "POST", path: string, body?: unknown): Promise<HttpResponse> {
    return httpJson({
      provider: this.provider,
      method,
      url: `${this.#baseUrl}${path}`,
      headers: { authorization: `Bearer ${this.#tokens.token()}` },
      ...(body !== undefined ? { bodyText: stringifyWithLongs(body) } : {}),
      timeoutMs: this.#timeoutMs,
      secrets: this.#secrets,
    });
  }

  /** Checks the envelope and returns `data`, or throws the ProviderError that the answer means. */
  #data<T extends z.ZodType>(response: HttpResponse, schema: T, method: "GET" | "POST"): z.output<T> {
    const body = response.json as { code?: unknown; message?: unknown; request_id?: unknown } | undefined;
    const code = typeof body?.code === "number" ? body.code : undefined;
    const requestId = typeof body?.request_id === "string" ? body.request_id : undefined;
    if (response.status !== 200 || (code !== undefined && code !== 0)) {
      // A success status with a code we do not know is an answer we cannot read: outcome unknown.
      const fallback = response.status >= 200 && response.status < 300 ? "bad_response" : kindFromStatus(response.status);
      const kind = (code !== undefined ? KLING_CODES[code] : undefined) ?? fallback;
      const message = typeof body?.message === "string" ? body.message : response.text.slice(0, 200);
      const retryAfter = retryAfterMs(response.headers, this.#clock.now());
      throw new ProviderError(
        `${this.provider} ${method} answered HTTP ${response.status}${code !== undefined ? ` code ${code}` : ""}: ${message}`,
        {
          provider: this.provider,
          kind,
          sent: "maybe",
          httpStatus: response.status,
          ...(code !== undefined ? { providerCode: String(code) } : {}),
          ...(requestId ? { requestId } : {}),
          ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
        },
      );
    }
    const parsed = envelope(schema).safeParse(response.json);
    if (!parsed.success) {
      throw new ProviderError(
        `${this.provider} ${method} answered 200 with a body we cannot read: ${parsed.error.issues[0]?.message ?? "invalid"}`,
        {
          provider: this.provider,
          kind: "bad_response",
          sent: "maybe",
          httpStatus: response.status,
        },
      );
    }
    return (parsed.data as { data: z.output<T> }).data;
  }
}

function toState(task: KlingTask): TaskState {
  const providerStatus = task.task_status;
  switch (providerStatus) {
    case "submitted":
      return { status: "queued", providerStatus };
    case "processing":
      return { status: "running", providerStatus };
    case "succeed": {
      const video = task.task_result?.videos?.[0];
      if (!video) {
        return {
          status: "failed",
          providerStatus,
          failure: { class: "provider", message: "task succeeded without a video in task_result" },
        };
      }
      const seconds = video.duration === undefined ? undefined : Number(video.duration);
      return {
        status: "succeeded",
        providerStatus,
        outputUrl: video.url,
        ...(seconds !== undefined && Number.isFinite(seconds) ? { outputSeconds: seconds } : {}),
      };
    }
    case "failed": {
      const message = task.task_status_msg || "the task failed without a reason";
      return { status: "failed", providerStatus, failure: { class: failureClassOf(message), message } };
    }
    default:
      // An unknown status is treated as still running: polling again is free, and the answer
      // will be one of the documented ones in the end.
      return { status: "running", providerStatus };
  }
}
