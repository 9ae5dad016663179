import { describe, expect, it } from "vitest";
import { ProviderError, type ProviderErrorKind } from "../../src/providers/provider-error.js";
import {
  type BackoffPolicy,
  backoffMs,
  classifyReadFailure,
  classifySubmitFailure,
  READ_BACKOFF,
  type ReadDecision,
  SUBMIT_BACKOFF,
  type SubmitDecision,
} from "../../src/runner/retry-policy.js";

const POLICY: BackoffPolicy = { baseMs: 100, factor: 2, maxMs: 1_000, jitter: 0.2 };
const middle = () => 0.5; // no jitter: 2 * 0.5 - 1 = 0
const lowest = () => 0; // -jitter
const highest = () => 1; // +jitter

describe("backoffMs", () => {
  it.each([
    [0, 100],
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1_000],
    [10, 1_000],
    [100, 1_000],
  ])("waits base * factor^attempt, capped at maxMs: attempt %i -> %i ms", (attempt, expected) => {
    expect(backoffMs(POLICY, attempt, middle)).toBe(expected);
  });

  it.each([
    ["the lowest", lowest, 0, 80],
    ["the highest", highest, 0, 120],
    ["the lowest", lowest, 2, 320],
    ["the highest", highest, 2, 480],
    ["0.3 as", () => 0.3, 0, 92],
    ["0.75 as", () => 0.75, 1, 220],
  ])("gives exact numbers for a pinned random source: %s random at attempt %i -> %i ms", (_, random, attempt, expected) => {
    expect(backoffMs(POLICY, attempt, random)).toBe(expected);
  });

  it("keeps jitter under the cap", () => {
    expect(backoffMs(POLICY, 4, highest)).toBe(1_000);
    expect(backoffMs(POLICY, 4, lowest)).toBe(800);
  });

  it("grows by the policy's factor", () => {
    const triple: BackoffPolicy = { baseMs: 10, factor: 3, maxMs: 1_000_000, jitter: 0 };
    expect([0, 1, 2, 3, 4].map((attempt) => backoffMs(triple, attempt, middle))).toEqual([10, 30, 90, 270, 810]);
  });

  it("treats a negative attempt as the first", () => {
    expect(backoffMs(POLICY, -3, middle)).toBe(100);
  });

  it("returns whole milliseconds", () => {
    for (let i = 0; i < 50; i += 1) {
      const random = () => i / 50;
      expect(Number.isInteger(backoffMs(POLICY, i % 6, random))).toBe(true);
    }
  });

  it("uses no randomness when jitter is 0", () => {
    const still: BackoffPolicy = { ...POLICY, jitter: 0 };
    expect(backoffMs(still, 2, lowest)).toBe(400);
    expect(backoffMs(still, 2, highest)).toBe(400);
  });

  it.each([
    ["a larger Retry-After wins", 0, 300, 300],
    ["a smaller Retry-After loses to the backoff", 2, 50, 400],
    ["a Retry-After past maxMs is capped", 0, 5_000, 1_000],
    ["a Retry-After of 0 changes nothing", 1, 0, 200],
  ])("%s: attempt %i, Retry-After %i ms -> %i ms", (_, attempt, retryAfterMs, expected) => {
    expect(backoffMs(POLICY, attempt, middle, retryAfterMs)).toBe(expected);
  });

  it("lets a larger Retry-After win over the highest jitter", () => {
    expect(backoffMs(POLICY, 0, highest, 121)).toBe(121);
  });

  it("waits longer between paid submissions than between free reads", () => {
    for (const attempt of [0, 1, 2, 3]) {
      expect(backoffMs(SUBMIT_BACKOFF, attempt, middle)).toBeGreaterThan(backoffMs(READ_BACKOFF, attempt, middle));
    }
    expect(backoffMs(SUBMIT_BACKOFF, 50, highest)).toBe(SUBMIT_BACKOFF.maxMs);
    expect(backoffMs(READ_BACKOFF, 50, highest)).toBe(READ_BACKOFF.maxMs);
  });
});

/**
 * DESIGN.md, "Classify every failed POST": known not accepted (connect refused, DNS, 4xx validation,
 * 429 rate or concurrency limit) -> retry later or fail the job; outcome unknown (reset or timeout
 * after send, 5xx, unparseable 2xx) -> unknown, then reconcile. Out of credits halts the provider;
 * rate and concurrency limits slow down and never fail a job. Reads are free and safe to repeat.
 */
const TABLE: [ProviderErrorKind, "no" | "maybe", string, SubmitDecision, ReadDecision][] = [
  ["rate_limited", "maybe", "429 rate limit: not accepted, slow down", "slow_down", "slow_down"],
  ["concurrency_full", "maybe", "429 concurrency limit: not accepted, slow down", "slow_down", "slow_down"],
  ["out_of_credits", "maybe", "out of credits: halt the provider", "halt_provider", "halt_provider"],
  ["account", "maybe", "account locked or IP not allowed: halt the provider", "halt_provider", "halt_provider"],
  ["auth", "maybe", "bad key: halt the provider", "halt_provider", "halt_provider"],
  ["invalid_input", "maybe", "4xx validation: not accepted, fail the job", "fail_job", "retry"],
  ["content_policy", "maybe", "content refused: not accepted, fail the job", "fail_job", "retry"],
  [
    "not_found",
    "maybe",
    "no such create endpoint or model (wrong base URL?): not accepted, halt before every job fails",
    "halt_provider",
    "not_found",
  ],
  ["server", "maybe", "5xx: the POST may have been accepted", "unknown", "retry"],
  ["network", "no", "connect refused or DNS: nothing was sent, retry", "retry", "retry"],
  ["network", "maybe", "reset or timeout after send: the POST may have been accepted", "unknown", "retry"],
  ["bad_response", "maybe", "unparseable 2xx: the POST may have been accepted", "unknown", "retry"],
];

// Every kind has a row: adding a kind without deciding what it means fails the typecheck here.
const COVERED = {
  rate_limited: true,
  concurrency_full: true,
  out_of_credits: true,
  account: true,
  auth: true,
  invalid_input: true,
  content_policy: true,
  not_found: true,
  server: true,
  network: true,
  bad_response: true,
} satisfies Record<ProviderErrorKind, true>;

function failure(kind: ProviderErrorKind, sent: "no" | "maybe"): ProviderError {
  return new ProviderError(`${kind} (${sent})`, { provider: "sim", kind, sent });
}

describe("classifying failures", () => {
  it("has a row for every error kind", () => {
    expect(new Set(TABLE.map(([kind]) => kind))).toEqual(new Set(Object.keys(COVERED)));
  });

  it.each(TABLE)("a failed submit of kind %s (sent: %s) — %s — is %s", (kind, sent, _, submit) => {
    expect(classifySubmitFailure(failure(kind, sent))).toBe(submit);
  });

  it.each(TABLE)("a failed read of kind %s (sent: %s) — %s — is %s", (kind, sent, _, _submit, read) => {
    expect(classifyReadFailure(failure(kind, sent))).toBe(read);
  });

  it.each<ProviderErrorKind>(["rate_limited", "concurrency_full"])("never fails a job or marks it unknown for %s, sent or not", (kind) => {
    for (const sent of ["no", "maybe"] as const) expect(classifySubmitFailure(failure(kind, sent))).toBe("slow_down");
  });

  it.each<ProviderErrorKind>(["server", "bad_response"])("treats %s as possibly accepted even when marked not sent", (kind) => {
    expect(classifySubmitFailure(failure(kind, "no"))).toBe("unknown");
  });
});
