/**
 * A "JSON task API" described as data: POST a create, GET a task by id, a key in one header, a
 * status vocabulary, an output URL at a path, an error body with a message (and maybe a code).
 * Most providers are one of these; `task-api-adapter.ts` turns a description into an Adapter and
 * `task-api-provider.ts` into a ProviderDefinition. Paths use the notation of the contracts'
 * `output_url_path` (`data.generated[0]`), read by `valueAt`.
 */
import type { JobSpec } from "../../manifest/job-spec.js";
import type { SubmitRequest, TaskState } from "../contract.js";
import type { HttpResponse } from "../http.js";
import type { ProviderErrorKind } from "../provider-error.js";

/** Where the fields of a task are in an answer (a create, a get, or one item of a list). */
export interface TaskFields {
  /** The object holding the task in create and get answers (Freepik's and Vidgo's `data`). */
  envelope?: string;
  id: string;
  status: string;
  outputUrl: string;
  /** Where a failed task's reason is, first found wins (an object's `message` counts). */
  failureMessage: readonly string[];
  /** Where a failed task's code is (EvoLink's `error.code`). */
  failureCode?: string;
  /**
   * Where a finished task that created a Kling custom element has its element id (EvoLink's
   * `result_data.element_id`). Such a task has no output URL.
   */
  elementId?: string;
}

/** The provider's words for each of our task statuses. A word not listed is read as still running. */
export interface StatusWords {
  queued: readonly string[];
  running: readonly string[];
  succeeded: readonly string[];
  failed: readonly string[];
}

/** One line of a provider's error table: every condition given must hold. First match wins. */
export interface ErrorRule {
  kind: ProviderErrorKind;
  status?: number | readonly number[];
  /** The provider's own error code (at `ErrorTable.code`). */
  code?: string | number | readonly (string | number)[];
  /** Tested against the error message. */
  message?: RegExp;
}

/**
 * How a provider says what went wrong. A status the rules do not cover falls back on
 * `kindFromStatus`; rules come first so that, say, AIMLAPI's 403 "run out of credits" halts.
 */
export interface ErrorTable {
  /** Where the message is in an error body, first found wins. */
  message: readonly string[];
  /** A message made of several parts (fal's `loc` and `msg`), tried before `message`. */
  describe?(body: unknown): string | undefined;
  /** Where the provider's error code is, if it has one. */
  code?: string;
  rules: readonly ErrorRule[];
}

/** A list endpoint that can find the task of a POST whose answer was lost. */
export interface TaskList {
  /** The GET path (with query) listing the tasks the request would be among. */
  path(request: SubmitRequest): string;
  /** Where the array of tasks is in the answer. */
  items: string;
  /** Where a listed task's fields are, relative to the item. */
  fields: TaskFields;
  /** The listed task's creation time, when the list shows it. */
  createdAt?: ListedTime;
  /** Request fields the list shows, and where (relative to the item). URLs are compared without query strings. */
  shows: ListedFields;
  /** The handle of a listed task (as `TaskApi.handle` for a created one). */
  handle?(request: SubmitRequest): string | undefined;
}

export interface ListedTime {
  path: string;
  unit: "ms" | "s" | "iso";
}

export type ListedFields = Partial<Record<"imageUrl" | "videoUrl" | "prompt" | "clientRef", string>>;

/** Parameters of a job spec a provider cannot honour, with why (reported at plan time, never sent). */
export type Unsupported = Partial<Record<"keepSound" | "cfgScale" | "prompt", string>>;

/** The few calls a provider-specific `get` may make; errors are already mapped to ProviderError. */
export interface TaskApiCalls {
  /** A GET on a path under the base URL, or on a URL of the provider's own host. Throws on an error status. */
  getJson(pathOrUrl: string): Promise<HttpResponse>;
  /** The same without the error mapping, for an answer whose error status means something else. */
  getRaw(pathOrUrl: string): Promise<HttpResponse>;
  /** The ProviderError an error answer means. */
  errorOf(method: "GET" | "POST", response: HttpResponse): Error;
  /** Our task state from a task object (see `fields` and `statuses`). */
  stateOf(task: unknown, status?: string): TaskState;
}

export interface TaskApi {
  /** The provider's name in manifests, errors and the ledger. */
  provider: string;
  /** The headers that carry the key. */
  authHeaders(key: string): Record<string, string>;
  /** The create call for a request: path (under the base URL) and body. Exported per provider as its request builder. */
  create(request: SubmitRequest): { path: string; body: Record<string, unknown> };
  /** The status a create answer means when it has none (fal answers only ids and URLs). */
  createdStatus?: string;
  /** The opaque handle kept with the task for `get` (fal's URLs, Freepik's model path). */
  handle?(created: unknown, request: SubmitRequest): string | undefined;
  /** The GET path (with query) of a task. */
  getPath(taskId: string, handle: string | undefined): string;
  /** Replaces the generic get, for a provider that needs more than one call (fal). */
  get?(calls: TaskApiCalls, taskId: string, handle: string | undefined): Promise<TaskState>;
  fields: TaskFields;
  statuses: StatusWords;
  errors: ErrorTable;
  list?: TaskList;
  unsupported: Unsupported;
}

/** The unsupported parameters a spec asks for, as plan warnings. */
export function unsupportedParameters(unsupported: Unsupported, spec: JobSpec): string[] {
  const asked: [keyof Unsupported, string, boolean][] = [
    ["keepSound", "keep_sound", spec.keepSound !== undefined],
    ["cfgScale", "cfg_scale", spec.cfgScale !== undefined],
    ["prompt", "prompt", spec.prompt !== undefined && spec.prompt !== ""],
  ];
  return asked.flatMap(([key, column, present]) => (present && unsupported[key] ? [`${column} (${unsupported[key]})`] : []));
}
