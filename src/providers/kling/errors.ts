import type { ProviderErrorKind } from "../provider-error.js";

/** Kling's `code` -> our error kind (Kling API reference, Error Code table). Branch on code, never on HTTP status alone. */
export const KLING_CODES: Readonly<Record<number, ProviderErrorKind>> = {
  1000: "auth",
  1001: "auth",
  1002: "auth",
  1003: "auth",
  1004: "auth",
  1100: "account",
  1101: "out_of_credits", // account in arrears (postpaid)
  1102: "out_of_credits", // resource pack depleted or expired (prepaid): HTTP 429, not 402
  1103: "account",
  1200: "invalid_input",
  1201: "invalid_input",
  1202: "not_found",
  1203: "not_found",
  1300: "content_policy",
  1301: "content_policy",
  1302: "rate_limited",
  1303: "concurrency_full",
  1304: "account", // IP whitelist
  5000: "server",
  5001: "server",
  5002: "server",
};

/** For a code we have never seen: fall back on the HTTP status. */
export { kindFromStatus } from "../status-kind.js";
