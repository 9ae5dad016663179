/**
 * Independent contract checks: the requests our adapters send, validated by Stoplight Prism against
 * the providers' published OpenAPI specs (AIMLAPI's, Freepik's). Prism is the oracle; a request it
 * finds invalid fails the test, and a deliberately invalid request proves it is awake. If Prism
 * cannot start, the tests fail: nothing is skipped.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrismServer, SPECS, startPrism, type Violation, violationsOf } from "./prism-server.js";

interface Sent {
  status: number;
  violations: Violation[];
  body: unknown;
}

async function send(server: PrismServer, path: string, body: unknown, headers: Record<string, string>): Promise<Sent> {
  const response = await request(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  const json = text ? (JSON.parse(text) as { validation?: Violation[] }) : undefined;
  // Prism lists violations in the sl-violations header, or, when it answers 422 itself, in the body.
  return { status: response.statusCode, violations: [...violationsOf(response.headers), ...(json?.validation ?? [])], body: json };
}

/** Passes only a request Prism accepted: a 2xx and no violation. Prism's own explanation is the failure message. */
function expectValid(sent: Sent, server: PrismServer): void {
  expect(sent.violations, `Prism found violations:\n${server.output().slice(-1500)}`).toEqual([]);
  expect(sent.status).toBeGreaterThanOrEqual(200);
  expect(sent.status).toBeLessThan(300);
}

const IMAGE = "https://assets.example.com/characters/ava.png";
const VIDEO = "https://assets.example.com/moves/wave.mp4";

describe("AIMLAPI requests against AIMLAPI's published OpenAPI spec (Prism)", () => {
  let prism: PrismServer;
  beforeAll(async () => {
    prism = await startPrism(SPECS.aimlapi);
    process.stdout.write(`prism mock (aimlapi spec) listening after ${prism.startupMs} ms\n`);
  }, 90_000);
  afterAll(() => prism?.stop());
  const auth = { authorization: "Bearer test-key" };

  it("accepts the v3 motion-control body", async () => {
    const body = {
      model: "klingai/video-v3-motion-control",
      image_url: IMAGE,
      video_url: VIDEO,
      character_orientation: "image",
      keep_audio: false,
      mode: "pro",
      prompt: "A friendly character dancing",
    };
    expectValid(await send(prism, "/v2/video/generations", body, auth), prism);
  });

  it("rejects a body without video_url and with an unknown mode (the oracle is awake)", async () => {
    const sent = await send(
      prism,
      "/v2/video/generations",
      { model: "klingai/video-v3-motion-control", image_url: IMAGE, mode: "ultra" },
      auth,
    );
    expect(sent.status).toBe(422);
    expect(sent.violations.map((v) => v.message).join("\n")).toMatch(/video_url/);
  });
});

describe("Freepik requests against Freepik's published OpenAPI spec (Prism)", () => {
  let prism: PrismServer;
  beforeAll(async () => {
    prism = await startPrism(SPECS.freepik);
    process.stdout.write(`prism mock (freepik spec) listening after ${prism.startupMs} ms\n`);
  }, 90_000);
  afterAll(() => prism?.stop());
  const auth = { "x-freepik-api-key": "test-key" };

  it("accepts the kling-v3 pro motion-control body", async () => {
    const body = {
      image_url: IMAGE,
      video_url: VIDEO,
      character_orientation: "video",
      cfg_scale: 0.5,
      prompt: "A friendly character dancing",
    };
    const sent = await send(prism, "/v1/ai/video/kling-v3-motion-control-pro", body, auth);
    expectValid(sent, prism);
  });

  it("rejects a body without video_url, cfg_scale 2 and a bad orientation (the oracle is awake)", async () => {
    const body = { image_url: IMAGE, cfg_scale: 2, character_orientation: "sideways" };
    const sent = await send(prism, "/v1/ai/video/kling-v3-motion-control-pro", body, auth);
    expect(sent.status).toBe(400);
    expect(sent.violations.map((v) => v.code).sort()).toEqual(["enum", "maximum", "required"]);
  });
});

describe("the Prism harness", () => {
  it("fails, never skips, when Prism cannot serve the spec", async () => {
    await expect(startPrism("/nonexistent/spec.yaml", 30_000)).rejects.toThrow(/Prism .* (exited|did not listen)/);
  }, 40_000);
});
