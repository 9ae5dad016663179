import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Orientation } from "../../src/manifest/columns.js";
import { limitProblems } from "../../src/media/check-limits.js";
import { type MediaFacts, probeChunks, probeFile, probeHeaders } from "../../src/media/probe.js";
import { INPUT_LIMITS, inputLimitsOf } from "../../src/providers/limits.js";
import { PROVIDER_NAMES } from "../../src/providers/registry.js";
import { REPO } from "./temp-campaign.js";

const MEDIA = join(REPO, "test/fixtures/media");

async function problems(file: string, role: "image" | "video", orientation: Orientation = "video", provider = "kling") {
  const path = join(MEDIA, file);
  const facts = await probeFile(path);
  return limitProblems({ role, label: file, facts, bytes: statSync(path).size, orientation, provider }, inputLimitsOf(provider));
}

describe("media at Kling's limits (fixtures made by scripts/make-fixtures.sh)", () => {
  it.each([
    ["video-2.9s.mp4", "video", ["video-2.9s.mp4 is 2.9 s; the shortest reference video is 3 s (use a longer clip)"]],
    ["video-3.0s.mp4", "video", []],
    ["video-3.0s.mp4", "image", []],
    ["video-10.0s.mp4", "image", []],
    [
      "video-10.1s.mp4",
      "image",
      ["video-10.1s.mp4 is 10.1 s; with orientation=image the limit is 10 s (use orientation=video, or trim the clip)"],
    ],
    ["video-10.1s.mp4", "video", []],
  ] as const)("%s with orientation=%s: %j", async (file, orientation, expected) => {
    expect(await problems(file, "video", orientation)).toEqual(expected);
  });

  it.each([
    ["image-299px.png", ["image-299px.png is 299x400 px; kling needs at least 300 px on each side (use a larger image)"]],
    ["image-300px.png", []],
    ["image-aspect-2.5.png", []],
    [
      "image-aspect-2.6.png",
      ["image-aspect-2.6.png is 780x300 px (aspect 2.6:1); kling takes aspect ratios from 1:2.5 to 2.5:1 (crop it)"],
    ],
  ] as const)("%s: %j", async (file, expected) => {
    expect(await problems(file, "image")).toEqual(expected);
  });

  it("a video given as the image is refused by kind, before any other limit", async () => {
    expect(await problems("video-3.0s.mp4", "image")).toEqual(["video-3.0s.mp4 is not an image (MPEG-4)"]);
  });

  it("a 340 px minimum for videos: the 352 px fixtures pass, a 300 px video would not", () => {
    const facts: MediaFacts = { format: "MPEG-4", kind: "video", type: "mp4", width: 300, height: 352, durationSeconds: 5 };
    const input = { role: "video", label: "small.mp4", facts, orientation: "video", provider: "kling" } as const;
    expect(limitProblems(input, inputLimitsOf("kling"))).toEqual([
      "small.mp4 is 300x352 px; kling needs at least 340 px on each side (use a larger video)",
    ]);
  });
});

describe("limits that differ by provider", () => {
  const webm: MediaFacts = { format: "WebM", kind: "video", type: "webm", width: 480, height: 480, durationSeconds: 12 };
  const video = (facts: MediaFacts, provider: string, orientation: Orientation = "video", bytes?: number) =>
    limitProblems(
      { role: "video", label: "clip.webm", facts, orientation, provider, ...(bytes !== undefined ? { bytes } : {}) },
      inputLimitsOf(provider),
    );

  it("kling takes mp4 and mov only; freepik also takes webm", () => {
    expect(video(webm, "kling")).toEqual(["clip.webm is webm; kling takes videos in mp4 or mov (convert it to MP4 (H.264))"]);
    expect(video(webm, "freepik")).toEqual([]);
  });

  it("a 12 s video with orientation=image is too long where the limit is documented, and passes where it is not (evolink)", () => {
    expect(video(webm, "freepik", "image")).toEqual([
      "clip.webm is 12.0 s; with orientation=image the limit is 10 s (use orientation=video, or trim the clip)",
    ]);
    expect(video(webm, "evolink", "image")).toEqual([]);
  });

  it("past every orientation's limit, the fix is only to trim", () => {
    const long: MediaFacts = { ...webm, type: "mp4", format: "MPEG-4", durationSeconds: 31 };
    expect(video(long, "kling", "image")).toEqual(["clip.webm is 31.0 s; with orientation=image the limit is 10 s (trim the clip)"]);
  });

  it("a 101 MB video is over Kling's 100 MB; an image in a type nobody listed is named by its type", () => {
    const mp4: MediaFacts = { ...webm, type: "mp4", format: "MPEG-4", durationSeconds: 5 };
    expect(video(mp4, "kling", "video", 101 * 1024 * 1024)).toEqual([
      "clip.webm is 101.0 MB; kling takes videos up to 100.0 MB (compress it, or trim the clip)",
    ]);
    const gif: MediaFacts = { format: "GIF", kind: "image", type: "gif", width: 400, height: 400 };
    expect(
      limitProblems({ role: "image", label: "a.gif", facts: gif, orientation: "video", provider: "fal" }, inputLimitsOf("fal")),
    ).toEqual(["a.gif is gif; fal takes images in jpg, jpeg or png (save it as PNG or JPEG)"]);
  });

  it("a provider that documents nothing (unified) checks only the durations it states", () => {
    const tiny: MediaFacts = { format: "GIF", kind: "image", type: "gif", width: 10, height: 90 };
    expect(
      limitProblems({ role: "image", label: "a.gif", facts: tiny, orientation: "video", provider: "unified" }, inputLimitsOf("unified")),
    ).toEqual([]);
  });
});

describe("the limits table", () => {
  const named = ["kling", "sim", "freepik", "fal", "replicate", "evolink", "vidgo", "aimlapi", "reapi", "unified"];

  it.each(named)("%s has image, video and output limits, each with a source and the date they were read", (name) => {
    const limits = INPUT_LIMITS[name];
    expect(limits).toBeDefined();
    for (const part of [limits?.image, limits?.video, limits?.output]) {
      expect(part?.source.length).toBeGreaterThan(3);
      expect(["read", "third-party", "inferred"]).toContain(part?.verified);
    }
    expect(limits?.seenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("covers every provider in the registry", () => {
    for (const name of PROVIDER_NAMES) expect(Object.keys(INPUT_LIMITS)).toContain(name);
  });

  it("a provider with no entry is held to Kling's limits and says so", () => {
    const unknown = inputLimitsOf("newcomer");
    expect(unknown.video.maxSeconds).toEqual({ image: 10, video: 30 });
    expect(unknown.video.source).toContain("no limits recorded for newcomer");
  });
});

describe("header-only probes", () => {
  it("reads the index at the end of a 20 s clip, not its frames: a small part of the file", async () => {
    const path = join(MEDIA, "long-moov-at-end.mp4");
    const bytes = readFileSync(path);
    // A reader that keeps what it fetched, as the remote one does: a second look costs nothing.
    const fetched = new Map<number, number>();
    const facts = await probeHeaders(bytes.length, async (length, offset) => {
      fetched.set(offset, Math.max(fetched.get(offset) ?? 0, length));
      return bytes.subarray(offset, offset + length);
    });
    const read = [...fetched.values()].reduce((sum, n) => sum + n, 0);
    expect(facts).toMatchObject({ kind: "video", type: "mp4", width: 480, height: 480, durationSeconds: 20 });
    expect(read).toBeLessThan(bytes.length * 0.2);
  });

  it("gives the same facts as mediainfo reading the whole file", async () => {
    for (const file of ["video-10.1s.mp4", "image-aspect-2.6.png", "long-moov-at-end.mp4"]) {
      const bytes = readFileSync(join(MEDIA, file));
      const whole = await probeChunks(bytes.length, async (length, offset) => bytes.subarray(offset, offset + length));
      expect(await probeFile(join(MEDIA, file))).toEqual(whole);
    }
  });
});
