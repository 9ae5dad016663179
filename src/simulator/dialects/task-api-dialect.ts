import type { z } from "zod";
import type { Mode, Model, Orientation } from "../../manifest/columns.js";
import type { PriceTable } from "../../providers/pricing.js";
import type { Dialect, DialectContext, DialectRequest, DialectResponse, RequestKind, SimErrorKind } from "../dialect.js";
import type { SimPhase, SimTask } from "../engine.js";
import { askedOf, createSimTask } from "./create-task.js";

/**
 * A simulator dialect described as data: which routes create, get and list tasks, how strict the
 * create body is (a zod schema, strict where unknown fields would be refused), the provider's
 * status words, error shapes and task renderings. The engine underneath is shared.
 */

/** A task as a dialect renders it. */
export interface TaskView {
  task: SimTask;
  /** The provider's id for it. */
  id: string;
  phase: SimPhase;
  /** The provider's word for the phase. */
  status: string;
  model: Model;
  mode: Mode;
  orientation: Orientation;
  /** Set when succeeded. */
  outputUrl?: string;
  /** Set when failed. */
  failure?: string;
  /** When it ended (or will), ms. */
  endMs: number;
  /** A URL back into this dialect, as the provider's own host would write it (fal's status_url). */
  selfUrl(path: string): string;
}

/** What a create asks for, in our words. */
export interface Asked {
  model: Model;
  mode: Mode;
  orientation: Orientation;
  videoUrl: string;
  prompt?: string;
}

/** A field the provider would refuse, and why. */
export interface Problem {
  field: string;
  message: string;
}

export interface CreateRoute {
  path: RegExp;
  /** The body, as strictly as the provider checks it. */
  schema: z.ZodType;
  read(body: never, match: RegExpExecArray): Asked | Problem;
  /** Body fields that do not change the work (callbacks). */
  notWork?: readonly string[];
  answer(view: TaskView): DialectResponse;
}

export interface GetRoute {
  path: RegExp;
  /** The provider's task id in the request, or what is wrong with it. */
  id(match: RegExpExecArray, query: URLSearchParams): string | Problem;
  /** Whether the task may be read here (Freepik reads each model and tier at its own path). */
  accepts?(view: TaskView, match: RegExpExecArray): boolean;
  answer(view: TaskView): DialectResponse;
}

export interface ListRoute {
  path: RegExp;
  /** Checks the query; the page (1-based) and its size. */
  page(query: URLSearchParams): { page: number; size: number } | Problem;
  accepts(view: TaskView, match: RegExpExecArray): boolean;
  /** Renders one page, newest first. */
  answer(views: TaskView[]): DialectResponse;
}

/** How the provider's task ids look, and back to the engine's. */
export interface TaskIds {
  render(engineId: string): string;
  parse(providerId: string): string | undefined;
}

export interface TaskApiDialectSpec {
  name: string;
  /** The one key this dialect accepts. */
  key: string;
  /** The header that carries it, and the scheme before it (`Bearer`, `Key`), if any. */
  auth: { header: string; scheme?: string };
  ids?: TaskIds;
  statuses: Record<SimPhase, string>;
  pricing: PriceTable;
  /** The provider's reason for a task that fails by SIM_FAIL_MARKER. */
  failure: string;
  /** The provider's answer for a kind of error. */
  error(kind: SimErrorKind, message: string): DialectResponse;
  /** The provider's answer for a refused field. @default error("invalid", "<field>: <message>") */
  invalid?(field: string, message: string): DialectResponse;
  /** The provider's own words for the engine's refusals, where it has them. */
  words?: Partial<Record<"concurrency_full" | "out_of_credits", string>>;
  create: CreateRoute;
  get: readonly GetRoute[];
  list?: readonly ListRoute[];
}

const plainIds: TaskIds = { render: (id) => id, parse: (id) => id };

/** Ids shaped as UUIDs (Freepik, fal): the engine's digits, zero-padded to 32. */
export const uuidIds: TaskIds = {
  render(id) {
    const hex = id.padStart(32, "0");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  },
  parse(id) {
    const match = /^([0-9]{8})-([0-9]{4})-([0-9]{4})-([0-9]{4})-([0-9]{12})$/.exec(id);
    return match ? match.slice(1).join("").replace(/^0+/, "") : undefined;
  },
};

/** Ids with a prefix (`task-unified-`, as EvoLink and Vidgo write them). */
export function prefixedIds(prefix: string): TaskIds {
  return { render: (id) => `${prefix}${id}`, parse: (id) => (id.startsWith(prefix) ? id.slice(prefix.length) : undefined) };
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "field" in value && "message" in value;
}

/** The first thing zod found wrong, as the provider would name it. */
export function problemOf(error: z.ZodError): Problem {
  const issue = error.issues[0];
  if (!issue) return { field: "body", message: "is invalid" };
  const at = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    return { field: at ? `${at}.${key}` : key, message: "is not a known parameter" };
  }
  return { field: at || "body", message: issue.message };
}

/** The Dialect for a description. */
export function taskApiDialect(spec: TaskApiDialectSpec): Dialect {
  const ids = spec.ids ?? plainIds;
  const account = `${spec.name}:${spec.key}`;
  const invalid = spec.invalid ?? ((field: string, message: string) => spec.error("invalid", `${field}: ${message}`));
  const matchOf = (routes: readonly { path: RegExp }[] | undefined, path: string) =>
    (routes ?? []).map((route) => ({ route, match: route.path.exec(path) })).find((found) => found.match !== null);

  function routeOf(method: string, path: string): { kind: RequestKind; match: RegExpExecArray; route: unknown } | undefined {
    if (method === "POST") {
      const match = spec.create.path.exec(path);
      return match ? { kind: "create", match, route: spec.create } : undefined;
    }
    if (method !== "GET") return undefined;
    const get = matchOf(spec.get, path);
    if (get?.match) return { kind: "get", match: get.match, route: get.route };
    const list = matchOf(spec.list, path);
    return list?.match ? { kind: "list", match: list.match, route: list.route } : undefined;
  }

  function viewOf(task: SimTask, ctx: DialectContext, req: DialectRequest): TaskView {
    const phase = ctx.engine.phaseOf(task);
    const host = Array.isArray(req.headers.host) ? req.headers.host[0] : req.headers.host;
    return {
      task,
      id: ids.render(task.id),
      phase,
      status: spec.statuses[phase],
      ...askedOf(task),
      ...(phase === "succeeded" ? { outputUrl: ctx.outputUrl(task.id) } : {}),
      ...(phase === "failed" ? { failure: task.failWith ?? spec.failure } : {}),
      endMs: task.createdAtMs + task.queuedMs + task.processingMs,
      selfUrl: (path) => `http://${host ?? "127.0.0.1"}/${spec.name}${path}`,
    };
  }

  function authorized(req: DialectRequest): DialectResponse | undefined {
    const raw = req.headers[spec.auth.header.toLowerCase()];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (!value) return spec.error("unauthorized", `missing ${spec.auth.header} header`);
    const expected = spec.auth.scheme ? `${spec.auth.scheme} ${spec.key}` : spec.key;
    return value === expected ? undefined : spec.error("unauthorized", "invalid API key");
  }

  async function create(req: DialectRequest, ctx: DialectContext, route: CreateRoute, match: RegExpExecArray): Promise<DialectResponse> {
    if (req.invalidJson || typeof req.body !== "object" || req.body === null || Array.isArray(req.body)) {
      return invalid("body", "must be a JSON object");
    }
    const parsed = route.schema.safeParse(req.body);
    if (!parsed.success) {
      const problem = problemOf(parsed.error);
      return invalid(problem.field, problem.message);
    }
    const asked = route.read(parsed.data as never, match);
    if (isProblem(asked)) return invalid(asked.field, asked.message);
    const result = await createSimTask(
      ctx,
      {
        dialect: spec.name,
        account,
        ...asked,
        body: req.body as Record<string, unknown>,
        notWork: route.notWork ?? [],
        pricing: spec.pricing,
        failure: spec.failure,
      },
      { error: spec.error, invalid, ...(spec.words ? { words: spec.words } : {}) },
    );
    return "refused" in result ? result.refused : route.answer(viewOf(result.task, ctx, req));
  }

  function get(req: DialectRequest, ctx: DialectContext, route: GetRoute, match: RegExpExecArray): DialectResponse {
    const id = route.id(match, req.query);
    if (isProblem(id)) return invalid(id.field, id.message);
    const engineId = ids.parse(id);
    const task = engineId === undefined ? undefined : ctx.engine.find(account, engineId);
    if (!task || task.dialect !== spec.name) return spec.error("not_found", `task ${id} not found`);
    const view = viewOf(task, ctx, req);
    if (route.accepts && !route.accepts(view, match)) return spec.error("not_found", `task ${id} not found here`);
    return route.answer(view);
  }

  function list(req: DialectRequest, ctx: DialectContext, route: ListRoute, match: RegExpExecArray): DialectResponse {
    const page = route.page(req.query);
    if (isProblem(page)) return invalid(page.field, page.message);
    const views = ctx.engine
      .tasksOf(account)
      .filter((task) => task.dialect === spec.name)
      .sort((a, b) => b.createdAtMs - a.createdAtMs)
      .map((task) => viewOf(task, ctx, req))
      .filter((view) => route.accepts(view, match));
    return route.answer(views.slice((page.page - 1) * page.size, page.page * page.size));
  }

  return {
    name: spec.name,
    kindOf: ({ method, path }) => routeOf(method, path)?.kind ?? "other",
    error: spec.error,
    async handle(req, ctx) {
      const refused = authorized(req);
      if (refused) return refused;
      const found = routeOf(req.method, req.path);
      if (!found) return spec.error("not_found", `no route for ${req.method} ${req.path}`);
      switch (found.kind) {
        case "create":
          return create(req, ctx, found.route as CreateRoute, found.match);
        case "get":
          return get(req, ctx, found.route as GetRoute, found.match);
        default:
          return list(req, ctx, found.route as ListRoute, found.match);
      }
    },
  };
}

/** A page and size from query parameters, checked as the provider checks them. */
export function pageFrom(
  query: URLSearchParams,
  names: { page: string; size: string },
  defaults: { size: number; maxSize: number },
): { page: number; size: number } | Problem {
  const page = Number(query.get(names.page) ?? 1);
  const size = Number(query.get(names.size) ?? defaults.size);
  if (!Number.isInteger(page) || page < 1) return { field: names.page, message: `Parameter '${names.page}' must be greater than 0` };
  if (!Number.isInteger(size) || size < 1 || size > defaults.maxSize) {
    return { field: names.size, message: `Parameter '${names.size}' must be between 1 and ${defaults.maxSize}` };
  }
  return { page, size };
}
