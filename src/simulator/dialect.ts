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
}

/** The simulator's rendering of one provider's API. */
export interface Dialect {
  readonly name: string;
  handle(request: DialectRequest, context: DialectContext): Promise<DialectResponse>;
}
