import { type HttpResponse, retryAfterMs } from "../http.js";
import { ProviderError, type ProviderErrorKind } from "../provider-error.js";
import { kindFromStatus } from "../status-kind.js";
import type { ErrorRule, ErrorTable } from "./task-api.js";
import { textAt, valueAt } from "./value-at.js";

function oneOf<T>(wanted: T | readonly T[] | undefined, value: T | undefined): boolean {
  if (wanted === undefined) return true;
  if (value === undefined) return false;
  return Array.isArray(wanted) ? wanted.includes(value) : wanted === value;
}

function matches(rule: ErrorRule, status: number, code: string | number | undefined, message: string): boolean {
  const codes = rule.code === undefined ? undefined : Array.isArray(rule.code) ? rule.code : [rule.code];
  return (
    oneOf(rule.status, status) &&
    (codes === undefined || (code !== undefined && codes.map(String).includes(String(code)))) &&
    (rule.message === undefined || rule.message.test(message))
  );
}

/** What an error answer means, by the provider's table first and its HTTP status last. */
export function errorKindOf(table: ErrorTable, status: number, body: unknown, message: string): ProviderErrorKind {
  const code = table.code ? valueAt(body, table.code) : undefined;
  const known = typeof code === "string" || typeof code === "number" ? code : undefined;
  return table.rules.find((rule) => matches(rule, status, known, message))?.kind ?? kindFromStatus(status);
}

/** The ProviderError for an error answer: kind, code, Retry-After, and the provider's message (never our key). */
export function providerErrorOf(
  provider: string,
  table: ErrorTable,
  method: "GET" | "POST",
  response: HttpResponse,
  nowMs: number,
): ProviderError {
  const body = response.json;
  const message = table.describe?.(body) ?? textAt(body, table.message) ?? (response.text.slice(0, 200) || "no message");
  const code = table.code ? valueAt(body, table.code) : undefined;
  const providerCode = typeof code === "string" || typeof code === "number" ? String(code) : undefined;
  const retryAfter = retryAfterMs(response.headers, nowMs);
  return new ProviderError(
    `${provider} ${method} answered HTTP ${response.status}${providerCode !== undefined ? ` (${providerCode})` : ""}: ${message}`,
    {
      provider,
      kind: errorKindOf(table, response.status, body, message),
      sent: "maybe",
      httpStatus: response.status,
      ...(providerCode !== undefined ? { providerCode } : {}),
      ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
    },
  );
}
