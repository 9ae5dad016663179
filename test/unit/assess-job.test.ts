import { describe, expect, it } from "vitest";
import type { JobSpec } from "../../src/manifest/job-spec.js";
import { type MediaRef, mediaIdentity } from "../../src/media/media-ref.js";
import type { InputProbe } from "../../src/media/preflight.js";
import { assessJob } from "../../src/plan/assess-job.js";
import { providerNamed } from "../../src/providers/registry.js";

const image: MediaRef = { kind: "remote", url: "https://cdn.test/ava.png" };
const video: MediaRef = { kind: "remote", url: "https://cdn.test/dance.mp4" };
const spec: JobSpec = { provider: "kling", model: "kling-v3", mode: "std", orientation: "image", image, video };
const imageProbe: InputProbe = {
  ref: image,
  cached: false,
  bytes: 1000,
  facts: { format: "PNG", kind: "image", type: "png", width: 400, height: 600 },
};

function probes(videoProbe: Omit<InputProbe, "ref">): Map<string, InputProbe> {
  return new Map([
    [mediaIdentity(image), imageProbe],
    [mediaIdentity(video), { ref: video, ...videoProbe }],
  ]);
}

describe("assessing one job on one provider", () => {
  it("a remote video that could not be probed is priced at the provider's longest video for the orientation", () => {
    const assessed = assessJob(spec, providerNamed("kling"), probes({ cached: false, warning: "could not be probed: timeout" }), {
      canUpload: false,
    });
    expect(assessed).toMatchObject({ problems: [], upperBound: true, probedSeconds: null });
    expect(assessed.price?.billableSeconds).toBe(10);
    expect(assessed.price?.usd).toBe(1.26);
  });

  it("a dead link is a problem on its column, and the job gets no price", () => {
    const assessed = assessJob(spec, providerNamed("kling"), probes({ cached: false, problem: "the server answered HTTP 404" }), {
      canUpload: false,
    });
    expect(assessed.problems).toEqual([{ column: "video", message: "https://cdn.test/dance.mp4: the server answered HTTP 404" }]);
    expect(assessed.price).toBeUndefined();
  });

  it("a video whose length cannot be read is a problem, never a free job", () => {
    const assessed = assessJob(
      spec,
      providerNamed("kling"),
      probes({ cached: false, bytes: 5000, facts: { format: "MPEG-4", kind: "video", type: "mp4", width: 480, height: 480 } }),
      { canUpload: false },
    );
    expect(assessed.problems).toEqual([
      { column: "video", message: "https://cdn.test/dance.mp4: its length cannot be read (MPEG-4); re-encode it as MP4" },
    ]);
    expect(assessed.price).toBeUndefined();
  });

  it("the price is the probed length rounded up to whole seconds at the dated price", () => {
    const assessed = assessJob(
      { ...spec, mode: "pro" },
      providerNamed("kling"),
      probes({
        cached: true,
        bytes: 5000,
        facts: { format: "MPEG-4", kind: "video", type: "mp4", width: 480, height: 480, durationSeconds: 7.2 },
      }),
      { canUpload: false },
    );
    expect(assessed.probedSeconds).toBe(7.2);
    expect(assessed.price?.billableSeconds).toBe(8);
    expect(assessed.price?.usd).toBe(1.344);
    expect(assessed.price?.entry).toMatchObject({ usdPerSecond: 0.168, seenOn: "2026-11-21" });
  });
});
