/**
 * Independent contract checks: the requests our adapters send, validated by Stoplight Prism against
 * the providers' published OpenAPI specs (AIMLAPI's, Freepik's): the bodies come from the adapters'
 * own request builders (`aimlapiRequest`, `freepikRequest`), exactly what they POST. Prism is the oracle; a request it
 * finds invalid fails the test, and a deliberately invalid request proves it is awake. If Prism
 * cannot start, the tests fail: nothing is skipped.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobSpec } from "../../src/manifest/job-spec.js";
import { aimlapiRequest } from "../../src/providers/aimlapi/api.js";
import type { SubmitRequest } from "../../src/providers/contract.js";
import { freepikRequest } from "../../src/providers/freepik/api.js";
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

/** What the runner hands an adapter for a job spec: the request our adapters build bodies from. */
function submitRequest(provider: string, spec: Partial<JobSpec>): SubmitRequest {
  return {
    spec: {
      provider,
      model: "kling-v3",
      mode: "std",
      orientation: "video",
      image: { kind: "remote", url: IMAGE },
      video: { kind: "remote", url: VIDEO },
      ...spec,
    },
    clientRef: "mb-contract-1",
    imageUrl: IMAGE,
    videoUrl: VIDEO,
  };
}

/** Job specs that exercise every field the AIMLAPI adapter may send. */
const AIMLAPI_SPECS: [string, Partial<JobSpec>][] = [
  ["v3 std, orientation image", { orientation: "image" }],
  ["v3 pro, orientation video, a prompt, sound off", { mode: "pro", prompt: "A friendly character dancing", keepSound: false }],
  ["v3 std, sound kept", { keepSound: true }],
  ["v2.6 pro, orientation image", { model: "kling-v2.6", mode: "pro", orientation: "image" }],
];

/** The published Freepik spec covers the kling-v3 pro route only; the other routes take the same body. */
const FREEPIK_SPECS: [string, Partial<JobSpec>][] = [
  [
    "v3 pro, orientation image, a prompt, cfg_scale 0.3",
    { mode: "pro", orientation: "image", prompt: "A friendly character dancing", cfgScale: 0.3 },
  ],
  ["v3 pro, orientation video, nothing else", { mode: "pro", orientation: "video" }],
];

describe("AIMLAPI requests against AIMLAPI's published OpenAPI spec (Prism)", () => {
  let prism: PrismServer;
  beforeAll(async () => {
    prism = await startPrism(SPECS.aimlapi);
    process.stdout.write(`prism mock (aimlapi spec) listening after ${prism.startupMs} ms\n`);
  }, 90_000);
  afterAll(() => prism?.stop());
  const auth = { authorization: "Bearer test-key" };

  it.each(AIMLAPI_SPECS)("accepts the body our adapter sends for %s", async (_what, spec) => {
    const { path, body } = aimlapiRequest(submitRequest("aimlapi", spec));
    expect(path).toBe("/v2/video/generations");
    expectValid(await send(prism, path, body, auth), prism);
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

  it.each(FREEPIK_SPECS)("accepts the body our adapter sends for %s", async (_what, spec) => {
    const { path, body } = freepikRequest(submitRequest("freepik", spec));
    expect(path).toBe("/v1/ai/video/kling-v3-motion-control-pro");
    expectValid(await send(prism, path, body, auth), prism);
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
