import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadManifests } from "../../src/manifest/load.js";
import { safeSegment } from "../../src/manifest/output-name.js";
import { ManifestError } from "../../src/manifest/problem.js";
import { type TempCampaign, tempCampaign } from "./temp-campaign.js";

const OPTIONS = { knownProviders: ["sim", "kling"] };

async function problemsOf(path: string) {
  const error = await loadManifests([path], OPTIONS).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ManifestError)) throw new Error("expected a ManifestError");
  return error.problems.map((p) => ({ row: p.row, column: p.column }));
}

describe("manifest edge cases found in review", () => {
  let campaign: TempCampaign;
  beforeEach(() => {
    campaign = tempCampaign();
  });
  afterEach(() => campaign.remove());

  it("a cell holding only separators is a problem, never a row that silently asks for nothing", async () => {
    const path = campaign.write(
      "m.csv",
      [
        "image,video,provider",
        "assets/ava.png,assets/wave.mp4,sim",
        "|,assets/wave.mp4,sim",
        "assets/ava.png, | ,sim",
        "assets/ben.png,assets/wave.mp4,|",
      ].join("\n"),
    );
    expect(await problemsOf(path)).toEqual([
      { row: 3, column: "image" },
      { row: 4, column: "video" },
      { row: 5, column: "provider" },
    ]);
  });

  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
  ])("a row with a quoted multi-line prompt is named by the line it starts on (%s)", async (_name, eol) => {
    const lines = [
      "image,video,provider,prompt",
      `assets/ava.png,assets/wave.mp4,sim,"one${eol}two${eol}three"`,
      "",
      "assets/ava.png,missing.mp4,sim,x",
    ];
    const path = campaign.write("m.csv", lines.join(eol));
    expect(await problemsOf(path)).toEqual([{ row: 6, column: "video" }]);
    const ok = campaign.write("ok.csv", lines.slice(0, 2).join(eol));
    const loaded = await loadManifests([ok], OPTIONS);
    expect(loaded.jobs[0]?.rows).toEqual([{ file: ok, row: 2 }]);
    expect(loaded.jobs[0]?.spec.prompt).toBe("one\ntwo\nthree");
  });

  it.each(["con", "CON.txt", "lpt1.mp4", "aux"])("a reserved name stays within the 80-character cap: %s + 90 characters", (name) => {
    const safe = safeSegment(`${name}.${"x".repeat(90)}`);
    expect(safe.length).toBeLessThanOrEqual(80);
    expect(safe.startsWith("_")).toBe(true);
  });
});
