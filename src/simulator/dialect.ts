import type { SimEngine } from "./engine.js";

/** A request as a dialect sees it: the path is relative to the dialect's prefix (`/kling`). */
export interface DialectRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; `undefined` when absent, `invalidJson` when it did not parse. */
  body: unknown;
  invalidJson: boolean;
  /** The body as received (for 64-bit integers JSON.parse would round, e.g. Kling's element ids). */
  text: string;
}

export interface DialectResponse {
  status: number;
  body: unknown;
  /** The body already written as JSON, when JSON.stringify(body) cannot write it exactly. */
  text?: string;
  headers?: Record<string, string>;
}

export interface DialectContext {
  engine: SimEngine;
  /** Duration of a reference video given by URL, or undefined when it cannot be read. */
  mediaSeconds(url: string): Promise<number | undefined>;
  /** The download URL of a task's output. */
  outputUrl(taskId: string): string;
  /**
   * The fingerprint of what was asked (the request without client references or callbacks): the
   * same work gives the same fingerprint even after the simulator restarts on another port.
   */
  fingerprint(work: Record<string, unknown>): string;
}

/**
 * Errors any provider can answer, each rendered by the dialect in the provider's own words: the
 * engine's refusals (concurrency, credits) and the faults the simulator injects (faults.ts).
 */
export type SimErrorKind =
  | "unauthorized"
  | "invalid"
  | "not_found"
  | "rate_limited"
  | "concurrency_full"
  | "out_of_credits"
  | "server"
  | "unavailable";

/** What a request does, so faults can aim at creates (paid), gets or lists. */
export type RequestKind = "create" | "get" | "list" | "other";

/** The simulator's rendering of one provider's API. */
export interface Dialect {
  /** Its URL prefix in the simulator (`/kling`), and the `dialect` of its tasks and billing. */
  readonly name: string;
  /** Sorts a request by method and path (relative to the prefix). */
  kindOf(request: Pick<DialectRequest, "method" | "path">): RequestKind;
  /** The provider's answer for a kind of error: its HTTP status, body shape and codes. */
  error(kind: SimErrorKind, message: string): DialectResponse;
  handle(request: DialectRequest, context: DialectContext): Promise<DialectResponse>;
}
