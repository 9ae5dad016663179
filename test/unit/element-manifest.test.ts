import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { elementJobKey, jobKey } from "../../src/manifest/job-key.js";
import { loadManifests } from "../../src/manifest/load.js";
import { ManifestError } from "../../src/manifest/problem.js";
import { makePlan } from "../../src/plan/make-plan.js";
import { unsupportedElement } from "../../src/plan/plan-elements.js";
import { kling } from "../../src/providers/kling/definition.js";
import { type TempCampaign, tempCampaign } from "./temp-campaign.js";

let campaign: TempCampaign;
beforeEach(() => {
  campaign = tempCampaign();
});
afterEach(() => campaign.remove());

const HEADER = "name,image,video,orientation,provider,element,element_name,element_description";
const OPTIONS = { knownProviders: ["sim", "kling"] };

async function problems(csv: string): Promise<string[]> {
  const file = campaign.write("m.csv", csv);
  const error = await loadManifests([file], OPTIONS).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ManifestError);
  return (error as ManifestError).problems.map((p) => `${p.row}:${p.column}: ${p.message}`);
}

describe("the element columns of a manifest", () => {
  it.each([
    [
      "an element without a name",
      "a,assets/ava.png,assets/wave.mp4,image,sim,assets/jump.mp4,,Ava",
      ["2:element_name: required with an element column"],
    ],
    [
      "a name without an element",
      "a,assets/ava.png,assets/wave.mp4,image,sim,,Ava,Ava the host",
      [
        "2:element_name: needs an element column (the face reference video)",
        "2:element_description: needs an element column (the face reference video)",
      ],
    ],
    [
      "a name over Kling's 20 characters",
      `a,assets/ava.png,assets/wave.mp4,image,sim,assets/jump.mp4,${"n".repeat(21)},d`,
      ["2:element_name: at most 20 characters (Kling's limit)"],
    ],
    [
      "two element videos",
      "a,assets/ava.png,assets/wave.mp4,image,sim,assets/jump.mp4 | assets/spin.mp4,Ava,d",
      [expect.stringMatching(/^2:element: expected one face reference video/)],
    ],
    [
      "a missing element video",
      "a,assets/ava.png,assets/wave.mp4,image,sim,assets/nope.mp4,Ava,d",
      [expect.stringMatching(/^2:element: file not found: "assets\/nope.mp4"/)],
    ],
  ])("names the row and column of %s", async (_what, row, expected) => {
    expect(await problems(`${HEADER}\n${row}\n`)).toEqual(expected);
  });

  it("keys a job by its element, and the element job by character, not by move, mode or orientation", async () => {
    const file = campaign.write(
      "m.csv",
      `${HEADER},mode\nava,assets/ava.png,assets/wave.mp4 | assets/spin.mp4,image|video,sim,assets/jump.mp4,Ava,Ava the host,std|pro\nplain,assets/ava.png,assets/wave.mp4,image,sim,,,,std\n`,
    );
    const { jobs } = await loadManifests([file], OPTIONS);
    const withElement = jobs.filter((j) => j.spec.element);
    expect(withElement).toHaveLength(8);
    expect(new Set(withElement.map((j) => elementJobKey(j.spec))).size).toBe(1);
    const plain = jobs.find((j) => !j.spec.element);
    const twin = withElement.find(
      (j) =>
        j.spec.video.kind === "local" && j.spec.video.path.endsWith("wave.mp4") && j.spec.mode === "std" && j.spec.orientation === "image",
    );
    // Same video spec with and without an element: two jobs.
    expect(plain && twin && jobKey(plain.spec) !== jobKey(twin.spec)).toBe(true);
    // A job without an element keeps the key it had before elements existed (version 1 normalization).
    expect(plain && elementJobKey(plain.spec)).toBeUndefined();

    const plan = await makePlan([file]);
    expect(plan.jobs.filter((j) => j.job.spec.kind === "element")).toHaveLength(1);
    expect(plan.jobs[0]?.job.spec.kind).toBe("element");
    expect(plan.jobs[0]?.job.rows.map((r) => r.row)).toEqual([2]);
  });

  it("warns at plan time when a provider cannot take an element", () => {
    const spec = {
      provider: "kling",
      model: "kling-v3" as const,
      mode: "std" as const,
      orientation: "image" as const,
      image: { kind: "remote" as const, url: "https://x/a.png" },
      video: { kind: "remote" as const, url: "https://x/w.mp4" },
      element: { video: { kind: "remote" as const, url: "https://x/f.mp4" }, name: "Ava", description: "d" },
    };
    expect(unsupportedElement(kling, spec)).toBeUndefined();
    const { elements: _none, ...withoutElements } = kling;
    expect(unsupportedElement({ ...withoutElements, name: "other" }, spec)).toMatch(/^element \(other cannot create Kling custom elements/);
  });
});
