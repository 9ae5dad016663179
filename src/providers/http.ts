import { request } from "undici";
import { ProviderError } from "./provider-error.js";

export interface HttpRequest {
  provider: string;
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The body already written as JSON (for numbers JSON.stringify cannot write exactly, e.g. Kling's 64-bit element ids). */
  bodyText?: string;
  /** Time to wait for the response headers. @default 30000 */
  timeoutMs?: number;
  /** Credentials behind the headers (e.g. the keys a JWT is made from): scrubbed from the answer too. */
  secrets?: readonly string[];
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined when the body is empty or not JSON (see `text`). */
  json: unknown;
  text: string;
}

/** Error codes that prove the request never left this machine. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * One JSON request. Network failures become ProviderError("network") with `sent` telling whether
 * the request may have reached the provider; HTTP statuses are left to the adapter to classify.
 * Never retries: retrying is the runner's decision (runner/retry-policy.ts).
 */
export async function httpJson(req: HttpRequest): Promise<HttpResponse> {
  const timeoutMs = req.timeoutMs ?? 30_000;
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(req.url, {
      method: req.method,
      headers: {
        accept: "application/json",
        ...(req.body !== undefined || req.bodyText !== undefined ? { "content-type": "application/json; charset=utf-8" } : {}),
        ...req.headers,
      },
      ...(req.bodyText !== undefined ? { body: req.bodyText } : req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (error) {
    throw networkError(req, error);
  }
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw networkError(req, error);
  }
  // A provider that echoes our credentials back (in an error, say) must not carry them into the
  // ledger, logs or reports: every header value we sent is scrubbed from what we keep.
  text = scrubSecrets(text, [...Object.values(req.headers ?? {}), ...(req.secrets ?? [])]);
  let json: unknown;
  if (text !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.statusCode, headers: response.headers, json, text };
}

function networkError(req: HttpRequest, error: unknown): ProviderError {
  const code = errorCode(error);
  const sent = code !== undefined && NOT_SENT.has(code) ? "no" : "maybe";
  return new ProviderError(`${req.method} ${new URL(req.url).pathname} got no answer (${code ?? "network error"})`, {
    provider: req.provider,
    kind: "network",
    sent,
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Retry-After in milliseconds (seconds or an HTTP date), if the response has one. */
export function retryAfterMs(headers: HttpResponse["headers"], nowMs: number): number | undefined {
  const raw = headers["retry-after"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Replaces each credential (a header value, and its token without the scheme) with [redacted]. */
export function scrubSecrets(text: string, headerValues: readonly string[]): string {
  const secrets = headerValues
    .flatMap((value) => [value, value.replace(/^(Bearer|Key|Token|Basic)\s+/i, "")])
    .filter((value) => value.length >= 8)
    .sort((a, b) => b.length - a.length);
  return secrets.reduce((out, secret) => out.replaceAll(secret, "[redacted]"), text);
}
