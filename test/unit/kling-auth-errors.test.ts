import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KlingTokenSource, klingJwt } from "../../src/providers/kling/auth.js";
import { KLING_CODES, kindFromStatus } from "../../src/providers/kling/errors.js";
import type { ProviderErrorKind } from "../../src/providers/provider-error.js";

const ACCESS_KEY = "ak-test-access";
const SECRET_KEY = "sk-test-secret";
/** 2023-11-14T22:13:20.750Z: a fraction of a second, to check that times are whole seconds. */
const NOW_MS = 1_700_000_000_750;
const NOW_S = 1_700_000_000;

function decodePart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

function verifies(token: string, secret: string): boolean {
  const [header, payload, signature] = token.split(".");
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature ?? "", "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe("klingJwt", () => {
  const token = klingJwt(ACCESS_KEY, SECRET_KEY, NOW_MS);

  it("has three base64url parts", () => {
    expect(token.split(".")).toHaveLength(3);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it("declares HS256 in its header", () => {
    expect(decodePart(token.split(".")[0])).toEqual({ alg: "HS256", typ: "JWT" });
  });

  it("names the access key as issuer, expires in 30 minutes and is valid from 5 seconds ago", () => {
    expect(decodePart(token.split(".")[1])).toEqual({ iss: ACCESS_KEY, exp: NOW_S + 1800, nbf: NOW_S - 5 });
  });

  it("is signed with the secret key (HMAC-SHA256 of header.payload)", () => {
    expect(verifies(token, SECRET_KEY)).toBe(true);
  });

  it("does not verify with a different secret", () => {
    expect(verifies(token, "sk-someone-else")).toBe(false);
    expect(verifies(klingJwt(ACCESS_KEY, "sk-someone-else", NOW_MS), SECRET_KEY)).toBe(false);
  });

  it("does not verify once its payload is changed", () => {
    const [header, , signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ iss: ACCESS_KEY, exp: NOW_S + 999_999, nbf: NOW_S - 5 })).toString("base64url");
    expect(verifies(`${header}.${forged}.${signature}`, SECRET_KEY)).toBe(false);
  });

  it("never carries the secret key", () => {
    const [header, payload] = token.split(".");
    expect(JSON.stringify([decodePart(header), decodePart(payload)])).not.toContain(SECRET_KEY);
    expect(token).not.toContain(Buffer.from(SECRET_KEY).toString("base64url"));
  });

  it("is the same token for the same keys and second", () => {
    expect(klingJwt(ACCESS_KEY, SECRET_KEY, NOW_S * 1000)).toBe(token);
  });
});

describe("KlingTokenSource", () => {
  /** A token source on a clock the test moves by hand. */
  function source(startMs = NOW_MS) {
    const clock = { ms: startMs };
    const tokens = new KlingTokenSource(ACCESS_KEY, SECRET_KEY, () => clock.ms);
    return {
      tokens,
      at(seconds: number): string {
        clock.ms = startMs + seconds * 1000;
        return tokens.token();
      },
    };
  }

  const expOf = (token: string): unknown => decodePart(token.split(".")[1]).exp;

  it("reuses one token until five minutes before it expires", () => {
    const { at } = source();
    const first = at(0);
    expect(at(1)).toBe(first);
    expect(at(600)).toBe(first);
    expect(at(1499)).toBe(first);
  });

  it("makes a new token five minutes before expiry, expiring 30 minutes after that", () => {
    const { at } = source();
    const first = at(0);
    const renewed = at(1500);
    expect(renewed).not.toBe(first);
    expect(expOf(renewed)).toBe(NOW_S + 1500 + 1800);
    expect(verifies(renewed, SECRET_KEY)).toBe(true);
  });

  it("then reuses the new token for its own 25 minutes", () => {
    const { at } = source();
    at(0);
    const renewed = at(1500);
    expect(at(1500 + 1499)).toBe(renewed);
    expect(at(1500 + 1500)).not.toBe(renewed);
  });

  it("makes a fresh token after a long sleep, never handing out an expired one", () => {
    const { at } = source();
    at(0);
    const late = at(10_000);
    expect(expOf(late)).toBe(NOW_S + 10_000 + 1800);
  });

  it("makes its first token from the clock's time", () => {
    const { tokens } = source();
    expect(tokens.token()).toBe(klingJwt(ACCESS_KEY, SECRET_KEY, NOW_MS));
  });
});

describe("Kling error codes", () => {
  it.each<[number, ProviderErrorKind]>([
    [1000, "auth"],
    [1001, "auth"],
    [1002, "auth"],
    [1003, "auth"],
    [1004, "auth"],
    [1100, "account"],
    [1101, "out_of_credits"],
    [1102, "out_of_credits"],
    [1103, "account"],
    [1200, "invalid_input"],
    [1201, "invalid_input"],
    [1202, "not_found"],
    [1203, "not_found"],
    [1300, "content_policy"],
    [1301, "content_policy"],
    [1302, "rate_limited"],
    [1303, "concurrency_full"],
    [1304, "account"],
    [5000, "server"],
    [5001, "server"],
    [5002, "server"],
  ])("maps code %i to %s", (code, kind) => {
    expect(KLING_CODES[code]).toBe(kind);
  });

  it("knows no code outside its table", () => {
    expect(KLING_CODES[9999]).toBeUndefined();
    expect(KLING_CODES[0]).toBeUndefined();
  });

  it.each<[number, ProviderErrorKind]>([
    [400, "invalid_input"],
    [401, "auth"],
    [403, "account"],
    [404, "not_found"],
    [422, "invalid_input"],
    [429, "rate_limited"],
    [500, "server"],
    [502, "server"],
    [503, "server"],
    [504, "server"],
  ])("falls back on HTTP %i as %s for a code it has never seen", (status, kind) => {
    expect(kindFromStatus(status)).toBe(kind);
  });
});
