import type { Clock } from "../../clock.js";
import type { Adapter, SubmitRequest, SubmittedTask, TaskState, TimeWindow } from "../contract.js";
import { type HttpResponse, httpJson } from "../http.js";
import { exactValuesOf, stringifyWithLongs } from "../long-json.js";
import { ProviderError } from "../provider-error.js";
import { failureClassOf } from "../task-failure.js";
import { providerErrorOf } from "./error-table.js";
import { listedTaskMatches } from "./list-match.js";
import type { TaskApi, TaskApiCalls, TaskFields } from "./task-api.js";
import { textAt, valueAt } from "./value-at.js";

export interface TaskApiAdapterOptions {
  baseUrl: string;
  key: string;
  clock: Clock;
  /** Name used in errors (the `sim` provider connects real adapters under its own name). @default api.provider */
  provider?: string;
  /** @default 30000 */
  timeoutMs?: number;
}

/** Our task state from a provider's task object, by the description's fields and status words. */
export function taskStateOf(
  api: Pick<TaskApi, "statuses">,
  fields: TaskFields,
  task: unknown,
  fallbackStatus?: string,
  /** A list may not show the output URL: a finished task is then "running" until a get shows it. */
  listed = false,
): TaskState {
  const raw = valueAt(task, fields.status);
  const providerStatus = typeof raw === "string" && raw !== "" ? raw : (fallbackStatus ?? "");
  const { statuses } = api;
  if (statuses.queued.includes(providerStatus)) return { status: "queued", providerStatus };
  if (statuses.succeeded.includes(providerStatus)) {
    const elementId = fields.elementId ? valueAt(task, fields.elementId) : undefined;
    if (typeof elementId === "string" || typeof elementId === "number")
      return { status: "succeeded", providerStatus, elementId: String(elementId) };
    const url = valueAt(task, fields.outputUrl);
    if (typeof url !== "string" || url === "") {
      if (listed) return { status: "running", providerStatus };
      return {
        status: "failed",
        providerStatus,
        failure: { class: "provider", message: `the task ended ${providerStatus} without an output URL at ${fields.outputUrl}` },
      };
    }
    return { status: "succeeded", providerStatus, outputUrl: url };
  }
  if (statuses.failed.includes(providerStatus)) {
    const message = textAt(task, fields.failureMessage) ?? `the task ended ${providerStatus} without a reason`;
    const code = fields.failureCode ? valueAt(task, fields.failureCode) : undefined;
    const codeText = typeof code === "string" ? code : undefined;
    return {
      status: "failed",
      providerStatus,
      failure: { class: failureClassOf(message, codeText), message: codeText ? `${codeText}: ${message}` : message },
    };
  }
  // Running, or a word we do not know: polling again is free, and the answer will be a known one in the end.
  return { status: "running", providerStatus };
}

/** The element id as the answer wrote it (JSON.parse rounds integers wider than 2^53). */
function withExactElementId(state: TaskState, text: string, fields: TaskFields): TaskState {
  if (state.elementId === undefined || !fields.elementId) return state;
  const key = fields.elementId.split(".").at(-1) ?? "";
  const [exact] = exactValuesOf(text, key);
  return exact !== undefined ? { ...state, elementId: exact } : state;
}

/** An Adapter for a provider described as a JSON task API. */
export function taskApiAdapter(api: TaskApi, options: TaskApiAdapterOptions): Adapter {
  const provider = options.provider ?? api.provider;
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const origin = new URL(baseUrl).origin;
  const timeoutMs = options.timeoutMs ?? 30_000;

  function urlOf(pathOrUrl: string): string {
    if (!/^https?:\/\//i.test(pathOrUrl)) return `${baseUrl}${pathOrUrl}`;
    // A URL the provider gave us (fal's status_url): the key goes only to the provider's own host.
    if (new URL(pathOrUrl).origin !== origin) {
      throw new ProviderError(`${provider} gave a URL outside ${origin}; the key is not sent there`, {
        provider,
        kind: "bad_response",
        sent: "no",
      });
    }
    return pathOrUrl;
  }

  function send(method: "GET" | "POST", pathOrUrl: string, body?: unknown): Promise<HttpResponse> {
    return httpJson({
      provider,
      method,
      url: urlOf(pathOrUrl),
      headers: api.authHeaders(options.key),
      // Written by stringifyWithLongs: a Kling element id wider than 2^53 goes out digit for digit.
      ...(body !== undefined ? { bodyText: stringifyWithLongs(body) } : {}),
      timeoutMs,
      secrets: [options.key],
    });
  }

  const errorOf = (method: "GET" | "POST", response: HttpResponse) =>
    providerErrorOf(provider, api.errors, method, response, options.clock.now());

  async function call(method: "GET" | "POST", pathOrUrl: string, body?: unknown): Promise<HttpResponse> {
    const response = await send(method, pathOrUrl, body);
    if (response.status < 200 || response.status > 299) throw errorOf(method, response);
    if (response.json === undefined || response.json === null || typeof response.json !== "object") {
      throw new ProviderError(`${provider} ${method} answered HTTP ${response.status} with a body that is not JSON`, {
        provider,
        kind: "bad_response",
        sent: "maybe",
        httpStatus: response.status,
      });
    }
    return response;
  }

  const taskOf = (json: unknown): unknown => (api.fields.envelope ? valueAt(json, api.fields.envelope) : json);
  const stateOf = (task: unknown, status?: string) => taskStateOf(api, api.fields, task, status);
  const calls: TaskApiCalls = {
    getJson: (pathOrUrl) => call("GET", pathOrUrl),
    getRaw: (pathOrUrl) => send("GET", pathOrUrl),
    errorOf,
    stateOf,
  };

  const adapter: Adapter = {
    provider,
    async submit(request: SubmitRequest): Promise<SubmittedTask> {
      const { path, body } = api.create(request);
      const response = await call("POST", path, body);
      const task = taskOf(response.json);
      const id = valueAt(task, api.fields.id);
      if (typeof id !== "string" || id === "") {
        // Accepted or not, we cannot tell which task it is: the outcome is unknown.
        throw new ProviderError(`${provider} POST answered HTTP ${response.status} without a task id at ${api.fields.id}`, {
          provider,
          kind: "bad_response",
          sent: "maybe",
          httpStatus: response.status,
        });
      }
      const handle = api.handle?.(response.json, request);
      return { taskId: id, state: stateOf(task, api.createdStatus), ...(handle !== undefined ? { handle } : {}) };
    },
    async get(taskId: string, handle?: string): Promise<TaskState> {
      if (api.get) return api.get(calls, taskId, handle);
      const response = await call("GET", api.getPath(taskId, handle));
      return withExactElementId(stateOf(taskOf(response.json)), response.text, api.fields);
    },
  };
  const { list } = api;
  if (!list) return adapter;
  return {
    ...adapter,
    async findByRequest(request: SubmitRequest, window: TimeWindow): Promise<SubmittedTask[]> {
      const response = await call("GET", list.path(request));
      const items = valueAt(response.json, list.items);
      if (!Array.isArray(items)) {
        throw new ProviderError(`${provider} list answered without an array at ${list.items}`, {
          provider,
          kind: "bad_response",
          sent: "maybe",
          httpStatus: response.status,
        });
      }
      const handle = list.handle?.(request);
      return items.flatMap((item) => {
        const id = valueAt(item, list.fields.id);
        if (typeof id !== "string" || !listedTaskMatches(item, request, window, list)) return [];
        return [{ taskId: id, state: taskStateOf(api, list.fields, item, undefined, true), ...(handle !== undefined ? { handle } : {}) }];
      });
    },
  };
}

/** For a `getPath` that needs a handle the ledger does not have (a task from before handles were kept). */
export function missingHandle(provider: string, taskId: string, what: string): ProviderError {
  return new ProviderError(`${provider} task ${taskId} has no ${what} in the ledger; it cannot be asked about`, {
    provider,
    kind: "not_found",
    sent: "no",
  });
}
