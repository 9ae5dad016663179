import { join } from "node:path";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.js";
import type { JobSpec } from "../../src/manifest/job-spec.js";
import { KlingAdapter } from "../../src/providers/kling/adapter.js";
import { klingJwt } from "../../src/providers/kling/auth.js";
import { exactValuesOf, LongInteger, stringifyWithLongs } from "../../src/providers/long-json.js";
import { SIM_KLING_ACCOUNT } from "../../src/simulator/dialects/kling.js";
import { type RunningSimulator, startSimulator } from "../../src/simulator/server.js";
import { ASSETS } from "../helpers/paths.js";

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function simulator(taskMs = 60): Promise<RunningSimulator> {
  const sim = await startSimulator({ taskMs });
  running.push(sim);
  return sim;
}

/** A raw request to the Kling dialect, signed like the adapter signs it. */
async function post(
  sim: RunningSimulator,
  path: string,
  body: unknown,
): Promise<{ status: number; json: { code: number; message: string } }> {
  const token = klingJwt(SIM_KLING_ACCOUNT.accessKey, SIM_KLING_ACCOUNT.secretKey, Date.now());
  const response = await request(`${sim.url}/kling${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.statusCode, json: (await response.body.json()) as { code: number; message: string } };
}

const ELEMENTS = "/v1/general/advanced-custom-elements";

async function elementBody(sim: RunningSimulator, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return {
    element_name: "Ava",
    element_description: "Ava, a friendly host",
    reference_type: "video_refer",
    element_video_list: { refer_videos: [{ video_url: await sim.registerMedia(join(ASSETS, "moves", "jump.mp4")) }] },
    ...overrides,
  };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 300; i += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("timed out");
}

describe("64-bit integers in JSON", () => {
  it("writes a LongInteger digit for digit and reads numbers as written", () => {
    const text = stringifyWithLongs({ element_list: [{ element_id: new LongInteger("863121023120580612") }] });
    expect(text).toBe('{"element_list":[{"element_id":863121023120580612}]}');
    expect(JSON.parse(text).element_list[0].element_id).not.toBe(863121023120580612n.toString());
    expect(exactValuesOf(text, "element_id")).toEqual(["863121023120580612"]);
    expect(exactValuesOf('{"element_id": "42"}', "element_id")).toEqual(["42"]);
    expect(() => new LongInteger("12a")).toThrow(/not an integer/);
  });
});

describe("the Kling dialect's custom elements", () => {
  it.each([
    ["no element_name", { element_name: undefined }, /element_name is required/],
    ["a name over 20 characters", { element_name: "x".repeat(21) }, /element_name must not exceed 20/],
    ["a description over 100 characters", { element_description: "x".repeat(101) }, /element_description must not exceed 100/],
    ["a bad reference_type", { reference_type: "face" }, /reference_type must be one of/],
    ["two videos", { element_video_list: { refer_videos: [{ video_url: "a" }, { video_url: "b" }] } }, /exactly one video/],
    ["an image list with video_refer", { element_image_list: { frontal_image: "a" } }, /element_image_list is invalid/],
    ["an unknown tag", { tag_list: [{ tag_id: "o_999" }] }, /tag_id must be one of/],
    ["an unknown parameter", { element_voice: "x" }, /unknown parameter element_voice/],
  ])("refuses %s with HTTP 400 and code 1201, creating nothing", async (_what, overrides, message) => {
    const sim = await simulator();
    const answer = await post(sim, ELEMENTS, await elementBody(sim, overrides));
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe(1201);
    expect(answer.json.message).toMatch(message);
    expect(sim.engine.billing()).toEqual([]);
  });

  it("refuses a video it cannot read, and a body that is not JSON with code 1200", async () => {
    const sim = await simulator();
    const unreadable = await post(
      sim,
      ELEMENTS,
      await elementBody(sim, { element_video_list: { refer_videos: [{ video_url: `${sim.url}/media/none.mp4` }] } }),
    );
    expect([unreadable.status, unreadable.json.code]).toEqual([400, 1201]);
    const garbage = await post(sim, ELEMENTS, "{not json");
    expect([garbage.status, garbage.json.code]).toEqual([400, 1200]);
  });

  it("makes an element that takes time, then a motion-control task accepts exactly its 64-bit id, and refuses others", async () => {
    // Slow enough that the element is seen not ready first, on a busy machine too.
    const sim = await simulator(1500);
    const kling = new KlingAdapter({ baseUrl: `${sim.url}/kling`, ...SIM_KLING_ACCOUNT, clock: systemClock });
    const local = (path: string) => ({ kind: "local" as const, path, sha256: "0".repeat(64), bytes: 1 });
    const spec: JobSpec = {
      provider: "kling",
      model: "kling-v3",
      mode: "std",
      orientation: "image",
      image: local(join(ASSETS, "characters", "ava.png")),
      video: local(join(ASSETS, "moves", "spin.mp4")),
      element: { video: local(join(ASSETS, "moves", "jump.mp4")), name: "Ava", description: "Ava, a friendly host" },
    };
    const imageUrl = await sim.registerMedia(join(ASSETS, "characters", "ava.png"));
    const videoUrl = await sim.registerMedia(join(ASSETS, "moves", "spin.mp4"));
    const faceUrl = await sim.registerMedia(join(ASSETS, "moves", "jump.mp4"));

    const created = await kling.submit({ spec: { ...spec, kind: "element" }, clientRef: "el-1", imageUrl, videoUrl: faceUrl });
    expect(created.taskId).toMatch(/^element:\d+$/);
    expect((await kling.get(created.taskId)).status).not.toBe("succeeded");
    const done = await until(
      () => kling.get(created.taskId),
      (s) => s.status === "succeeded",
    );
    expect(done.elementId).toMatch(/^\d{18}$/);
    expect(Number.isSafeInteger(Number(done.elementId))).toBe(false);
    // Found again by its client reference (reconciliation after a lost answer).
    expect((await kling.findByClientRef("el-1"))?.taskId).toBe(created.taskId);

    // Sending it again under the same reference is refused and turned back into the same task.
    expect((await kling.submit({ spec: { ...spec, kind: "element" }, clientRef: "el-1", imageUrl, videoUrl: faceUrl })).taskId).toBe(
      created.taskId,
    );

    const id = done.elementId as string;
    const element = { video: local(join(ASSETS, "moves", "jump.mp4")), name: "Ava", description: "Ava, a friendly host", id };
    const task = await kling.submit({ spec: { ...spec, element }, clientRef: "v-1", imageUrl, videoUrl });
    expect((sim.engine.taskById(task.taskId)?.request.body as { element_list?: unknown } | undefined)?.element_list).toEqual([
      { element_id: id },
    ]);

    const base = { image_url: imageUrl, video_url: videoUrl, character_orientation: "image", mode: "std" };
    // One off in the last digit, as JSON.parse rounding would make it: refused.
    const rounded = String(BigInt(id) + 1n);
    const wrong = await post(
      sim,
      "/v1/videos/motion-control",
      `${JSON.stringify(base).slice(0, -1)},"element_list":[{"element_id":${rounded}}]}`,
    );
    expect([wrong.status, wrong.json.code]).toEqual([400, 1201]);
    expect(wrong.json.message).toMatch(/does not exist or is not ready/);
    const asString = await post(sim, "/v1/videos/motion-control", { ...base, element_list: [{ element_id: id }] });
    expect(asString.json.message).toMatch(/must be an integer/);
    const two = await post(sim, "/v1/videos/motion-control", { ...base, element_list: [{ element_id: 1 }, { element_id: 2 }] });
    expect(two.json.message).toMatch(/at most 1 element/);
  });

  it("reports a failed element with Kling's reason, as a content refusal", async () => {
    const sim = await simulator();
    const kling = new KlingAdapter({ baseUrl: `${sim.url}/kling`, ...SIM_KLING_ACCOUNT, clock: systemClock });
    const answer = await post(
      sim,
      ELEMENTS,
      await elementBody(sim, { element_description: "no face [sim:fail]", external_task_id: "el-fail" }),
    );
    expect(answer.status).toBe(200);
    const found = await kling.findByClientRef("el-fail");
    const failed = await until(
      () => kling.get(found?.taskId as string),
      (s) => s.status === "failed",
    );
    expect(failed.failure).toEqual({ class: "content-policy", message: expect.stringMatching(/no realistic human face/) });
  });
});

describe("the EvoLink dialect's kling-custom-element", () => {
  async function evolink(
    sim: RunningSimulator,
    body: unknown,
  ): Promise<{ status: number; json: { error?: { type?: string; message?: string } } }> {
    const response = await request(`${sim.url}/evolink/v1/videos/generations`, {
      method: "POST",
      headers: { authorization: "Bearer sim-evolink-key", "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.statusCode, json: (await response.body.json()) as { error?: { type?: string; message?: string } } };
  }

  it("refuses an element body EvoLink would refuse, in EvoLink's error shape, and an element_list of an unknown element", async () => {
    const sim = await simulator();
    const face = await sim.registerMedia(join(ASSETS, "moves", "jump.mp4"));
    const params = {
      element_name: "Ava",
      element_description: "host",
      reference_type: "video_refer",
      element_video_list: { refer_videos: [{ video_url: face }] },
    };
    const long = await evolink(sim, { model: "kling-custom-element", model_params: { ...params, element_name: "x".repeat(21) } });
    expect(long.status).toBe(400);
    expect(long.json.error?.type).toBe("invalid_request_error");
    expect(long.json.error?.message).toMatch(/^model_params\.element_name/);
    const unknownField = await evolink(sim, { model: "kling-custom-element", model_params: { ...params, voice: "x" } });
    expect(unknownField.json.error?.message).toMatch(/model_params\.voice: is not a known parameter/);
    const video = await sim.registerMedia(join(ASSETS, "moves", "spin.mp4"));
    const image = await sim.registerMedia(join(ASSETS, "characters", "ava.png"));
    const motion = await evolink(sim, {
      model: "kling-v3-motion-control",
      image_urls: [image],
      video_urls: [video],
      model_params: { character_orientation: "image", element_list: [{ element_id: 4242 }] },
    });
    expect(motion.status).toBe(400);
    expect(motion.json.error?.message).toMatch(/element_list: element \d+ does not exist or is not ready/);
    expect(sim.engine.billing()).toEqual([]);
  });
});
