import { describe, expect, it } from "vitest";
import { MotionbatchError } from "../../src/errors.js";
import { kling } from "../../src/providers/kling/definition.js";
import { sim } from "../../src/providers/sim/definition.js";
import { BREAKER_AFTER, ProviderGate, type ProviderLimits, RETRY_AFTER_CAP_MS } from "../../src/runner/provider-gate.js";
import { limitsFor } from "../../src/runner/provider-limits.js";

const LIMITS: ProviderLimits = { concurrency: 8, submitsPerMinute: 60, pollsPerMinute: 600, downAfterMs: 60_000 };

describe("the concurrency window (AIMD)", () => {
  it("starts at the limit, halves on each slow-down down to 1, and grows back by about one per window of successes", () => {
    const gate = new ProviderGate(LIMITS, 0);
    expect(gate.window).toBe(8);
    gate.slowDown("submit", 0, undefined);
    expect(gate.window).toBe(4);
    gate.slowDown("submit", 0, undefined);
    gate.slowDown("submit", 0, undefined);
    gate.slowDown("submit", 0, undefined);
    expect(gate.window).toBe(1);
    gate.accepted();
    expect(gate.window).toBe(2);
    gate.accepted(); // 2 + 1/2
    expect(gate.window).toBe(2);
    gate.accepted(); // 2.5 + 1/2.5 = 2.9
    expect(gate.window).toBe(2);
    gate.accepted();
    expect(gate.window).toBe(3);
    for (let i = 0; i < 100; i += 1) gate.accepted();
    expect(gate.window).toBe(8); // never above the limit
  });

  it("pauses submissions for the Retry-After, capped, and lets reads through meanwhile", () => {
    const gate = new ProviderGate(LIMITS, 0);
    expect(gate.slowDown("submit", 1_000, 5_000)).toBe(6_000);
    expect(gate.take("submit", 2_000)).toEqual({ ok: false, nextAtMs: 6_000 });
    expect(gate.take("read", 2_000)).toEqual({ ok: true });
    expect(gate.take("submit", 6_000)).toEqual({ ok: true });
    expect(gate.slowDown("submit", 10_000, 3_600_000)).toBe(10_000 + RETRY_AFTER_CAP_MS);
  });

  it("without a Retry-After, waits 1 s, then 2 s, 4 s... after successive slow-downs", () => {
    const gate = new ProviderGate(LIMITS, 0);
    expect(gate.slowDown("submit", 0, undefined)).toBe(1_000);
    expect(gate.slowDown("submit", 0, undefined)).toBe(2_000);
    expect(gate.slowDown("submit", 0, undefined)).toBe(4_000);
  });
});

describe("a request admitted but not sent", () => {
  it("gives its token back, and frees the probe slot it held", () => {
    const gate = new ProviderGate({ ...LIMITS, pollsPerMinute: 6 }, 0); // a burst of 1
    expect(gate.take("read", 0).ok).toBe(true);
    expect(gate.take("read", 0).ok).toBe(false);
    gate.released("read");
    expect(gate.take("read", 0).ok).toBe(true);

    const probing = new ProviderGate(LIMITS, 0);
    for (let i = 0; i < BREAKER_AFTER; i += 1) probing.failed("read", 0, "HTTP 503");
    expect(probing.take("read", 3_000).ok).toBe(true); // the probe, taken by a job that then has nothing to ask
    probing.released("read");
    expect(probing.take("read", 3_000).ok).toBe(true); // another job may probe
  });

  it("a read refused for rate pauses reads, not submissions, and leaves the task window alone", () => {
    const gate = new ProviderGate(LIMITS, 0);
    expect(gate.slowDown("read", 0, 5_000)).toBe(5_000);
    expect(gate.take("read", 1_000)).toEqual({ ok: false, nextAtMs: 5_000 });
    expect(gate.take("submit", 1_000).ok).toBe(true);
    expect(gate.window).toBe(8);
  });
});

describe("request rates", () => {
  it("lets a burst of ten seconds' worth through, then one request per 60/rate seconds", () => {
    const gate = new ProviderGate(LIMITS, 0); // 60 submissions a minute: a burst of 10
    for (let i = 0; i < 10; i += 1) expect(gate.take("submit", 0).ok).toBe(true);
    expect(gate.take("submit", 0)).toEqual({ ok: false, nextAtMs: 1_000 });
    expect(gate.take("submit", 999).ok).toBe(false);
    expect(gate.take("submit", 1_000).ok).toBe(true);
    expect(gate.take("submit", 1_000).ok).toBe(false);
  });

  it("counts reads apart from submissions", () => {
    const gate = new ProviderGate({ ...LIMITS, pollsPerMinute: 6 }, 0); // a burst of 1
    expect(gate.take("read", 0).ok).toBe(true);
    expect(gate.take("read", 0)).toEqual({ ok: false, nextAtMs: 10_000 });
    expect(gate.take("submit", 0).ok).toBe(true);
  });
});

describe("the circuit breaker", () => {
  it(`opens after ${BREAKER_AFTER} failures in a row, sends one probe after the cool-down, and closes on an answer`, () => {
    const gate = new ProviderGate(LIMITS, 0);
    for (let i = 0; i < BREAKER_AFTER - 1; i += 1) gate.failed("read", 0, "HTTP 503");
    expect(gate.breaker("read")).toBe("closed");
    gate.failed("read", 100, "HTTP 503");
    expect(gate.breaker("read")).toBe("open");
    const cooldown = gate.cooldownMs(1);
    expect(cooldown).toBe(3_000); // downAfterMs / 20
    expect(gate.take("read", 100 + cooldown - 1)).toEqual({ ok: false, nextAtMs: 100 + cooldown });
    expect(gate.take("read", 100 + cooldown)).toEqual({ ok: true }); // the probe
    expect(gate.breaker("read")).toBe("half_open");
    // One probe at a time; its answer wakes the scheduler, so there is no time to come back at.
    expect(gate.take("read", 100 + cooldown)).toEqual({ ok: false, nextAtMs: Number.POSITIVE_INFINITY });
    gate.answered("read");
    expect(gate.breaker("read")).toBe("closed");
    expect(gate.take("read", 100 + cooldown).ok).toBe(true);
  });

  it("a failed probe opens it again for twice as long, up to a quarter of downAfterMs", () => {
    const gate = new ProviderGate(LIMITS, 0);
    for (let i = 0; i < BREAKER_AFTER; i += 1) gate.failed("read", 0, "reset");
    expect(gate.take("read", 3_000).ok).toBe(true);
    gate.failed("read", 3_000, "reset");
    expect(gate.breaker("read")).toBe("open");
    expect(gate.take("read", 3_000)).toEqual({ ok: false, nextAtMs: 3_000 + 6_000 });
    expect([1, 2, 3, 4, 5, 6].map((n) => gate.cooldownMs(n))).toEqual([3_000, 6_000, 12_000, 15_000, 15_000, 15_000]);
  });

  it("calls the provider down only after downAfterMs of nothing but failures", () => {
    const gate = new ProviderGate(LIMITS, 0);
    gate.failed("read", 1_000, "HTTP 500");
    for (let i = 0; i < 10; i += 1) gate.failed("read", 30_000, "HTTP 503");
    expect(gate.down(60_999)).toBeUndefined();
    expect(gate.down(61_000)).toEqual({
      kind: "read",
      reason: "answered only errors to status requests for 60 s (11 in a row; last: HTTP 503)",
    });
    gate.answered("read");
    expect(gate.down(200_000)).toBeUndefined();
  });

  it("keeps submissions and reads apart: a create endpoint that fails is down even while status requests answer", () => {
    const gate = new ProviderGate(LIMITS, 0);
    for (let i = 0; i < BREAKER_AFTER; i += 1) {
      gate.failed("submit", i * 1_000, "HTTP 503");
      gate.answered("read");
    }
    expect(gate.breaker("submit")).toBe("open");
    expect(gate.breaker("read")).toBe("closed");
    expect(gate.take("submit", 5_000).ok).toBe(false);
    expect(gate.take("read", 5_000).ok).toBe(true);
    for (let i = 0; i < 3; i += 1) gate.failed("submit", 60_000, "HTTP 503");
    expect(gate.down(60_000)).toEqual({
      kind: "submit",
      reason: "answered only errors to submissions for 60 s (8 in a row; last: HTTP 503)",
    });
  });

  it("a slow-down is an answer: it closes the breaker and resets the count", () => {
    const gate = new ProviderGate(LIMITS, 0);
    for (let i = 0; i < BREAKER_AFTER - 1; i += 1) gate.failed("read", 0, "HTTP 502");
    gate.slowDown("read", 0, 1);
    gate.failed("read", 0, "HTTP 502");
    expect(gate.breaker("read")).toBe("closed");
  });
});

describe("limits per provider", () => {
  it("take the provider's defaults, then the environment, then the run's concurrency", () => {
    expect(limitsFor(kling, {})).toEqual({ concurrency: 4, submitsPerMinute: 60, pollsPerMinute: 600, downAfterMs: 600_000 });
    expect(
      limitsFor(kling, {
        MOTIONBATCH_KLING_CONCURRENCY: "2",
        MOTIONBATCH_KLING_SUBMITS_PER_MINUTE: "10",
        MOTIONBATCH_KLING_POLLS_PER_MINUTE: "30",
        MOTIONBATCH_KLING_DOWN_AFTER_S: "1.5",
      }),
    ).toEqual({ concurrency: 2, submitsPerMinute: 10, pollsPerMinute: 30, downAfterMs: 1_500 });
    expect(limitsFor(sim, { MOTIONBATCH_SIM_CONCURRENCY: "3" }, 32).concurrency).toBe(32);
  });

  it.each([
    ["MOTIONBATCH_KLING_CONCURRENCY", "1.5"],
    ["MOTIONBATCH_KLING_CONCURRENCY", "0"],
    ["MOTIONBATCH_KLING_POLLS_PER_MINUTE", "fast"],
    ["MOTIONBATCH_KLING_DOWN_AFTER_S", "-1"],
  ])("refuses %s=%s with a config error that names it", (name, value) => {
    const attempt = () => limitsFor(kling, { [name]: value });
    expect(attempt).toThrow(MotionbatchError);
    expect(attempt).toThrow(new RegExp(`^${name} must be a .*number above 0; got "${value}"$`));
  });
});
