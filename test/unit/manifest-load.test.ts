import { copyFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LoadOptions, loadManifests } from "../../src/manifest/load.js";
import { formatProblem, ManifestError, type ManifestProblem } from "../../src/manifest/problem.js";
import type { MediaRef } from "../../src/media/media-ref.js";
import { csv, MEDIA, type TempCampaign, tempCampaign } from "./temp-campaign.js";

const OPTIONS: LoadOptions = { knownProviders: ["sim", "kling"] };

let campaign: TempCampaign;
beforeEach(() => {
  campaign = tempCampaign();
});
afterEach(() => {
  campaign.remove();
});

/** The file name of a local input (`ava.png`), or the URL of a remote one. */
function label(ref: MediaRef): string {
  return ref.kind === "local" ? basename(ref.path) : ref.url;
}

/** Loads manifests that are expected to be invalid and returns the ManifestError. */
async function problemsOf(paths: string[], options: LoadOptions = OPTIONS): Promise<ManifestError> {
  const error = await loadManifests(paths, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ManifestError);
  return error as ManifestError;
}

/** Problems as comparable (file, row, column) triples, sorted by row. */
function places(problems: readonly ManifestProblem[]): { file: string; row: number | undefined; column: string | undefined }[] {
  return problems.map((p) => ({ file: p.file, row: p.row, column: p.column })).sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

describe("expanding rows", () => {
  it("expands a row to the product of its multi-value cells", async () => {
    const file = campaign.write(
      "spring.csv",
      csv(
        "image,video,orientation,mode,provider",
        "assets/ava.png | assets/ben.png,assets/wave.mp4|assets/spin.mp4,image|video,std,sim",
        "assets/ava.png,assets/jump.mp4,both,std | pro,sim",
      ),
    );
    const { jobs, rowCount } = await loadManifests([file], OPTIONS);

    expect(rowCount).toBe(2);
    expect(jobs).toHaveLength(2 * 2 * 2 + 1 * 1 * 2 * 2);
    const combos = jobs.map((job) => `${label(job.spec.image)} ${label(job.spec.video)} ${job.spec.orientation} ${job.spec.mode}`).sort();
    expect(combos).toEqual(
      [
        "ava.png wave.mp4 image std",
        "ava.png wave.mp4 video std",
        "ava.png spin.mp4 image std",
        "ava.png spin.mp4 video std",
        "ben.png wave.mp4 image std",
        "ben.png wave.mp4 video std",
        "ben.png spin.mp4 image std",
        "ben.png spin.mp4 video std",
        "ava.png jump.mp4 image std",
        "ava.png jump.mp4 video std",
        "ava.png jump.mp4 image pro",
        "ava.png jump.mp4 video pro",
      ].sort(),
    );
    expect(new Set(jobs.map((job) => job.key)).size).toBe(jobs.length);
  });

  it("makes one job of the same job asked by two rows, and lists both rows", async () => {
    const file = campaign.write(
      "twice.csv",
      csv(
        "image,video,provider",
        "assets/ava.png,assets/wave.mp4,sim",
        "assets/ben.png,assets/wave.mp4,sim",
        "assets/ava.png,assets/wave.mp4,sim",
      ),
    );
    const { jobs, rowCount } = await loadManifests([file], OPTIONS);

    expect(rowCount).toBe(3);
    expect(jobs).toHaveLength(2);
    const ava = jobs.find((job) => label(job.spec.image) === "ava.png");
    expect(ava?.rows).toEqual([
      { file, row: 2 },
      { file, row: 4 },
    ]);
  });

  it.each([
    ["a different relative path to the same file", "./assets/../assets/ava.png"],
    ["a copy of the file under another name", "assets/copy-of-ava.png"],
  ])("makes one job when a row reaches the same image through %s", async (_, otherPath) => {
    copyFileSync(MEDIA.ava, join(campaign.dir, "assets/copy-of-ava.png"));
    const file = campaign.write(
      "paths.csv",
      csv("image,video,provider", "assets/ava.png,assets/wave.mp4,sim", `${otherPath},assets/wave.mp4,sim`),
    );
    const { jobs } = await loadManifests([file], OPTIONS);

    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.rows).toEqual([
      { file, row: 2 },
      { file, row: 3 },
    ]);
  });

  it("makes one job of the same job asked in two manifests, and lists the rows of both", async () => {
    const first = campaign.write("first.csv", csv("image,video,provider", "assets/ava.png,assets/wave.mp4,sim"));
    const second = campaign.write(
      "second.csv",
      csv("image,video,provider", "assets/ben.png,assets/spin.mp4,sim", "assets/ava.png,assets/wave.mp4,sim"),
    );
    const { jobs } = await loadManifests([first, second], OPTIONS);

    expect(jobs).toHaveLength(2);
    expect(jobs.find((job) => label(job.spec.image) === "ava.png")?.rows).toEqual([
      { file: first, row: 2 },
      { file: second, row: 3 },
    ]);
  });
});

describe("job keys", () => {
  const BASE: Record<string, string> = {
    campaign: "spring",
    name: "ava",
    image: "assets/ava.png",
    video: "assets/wave.mp4",
    orientation: "video",
    mode: "std",
    prompt: "dancing in a studio",
    provider: "sim",
    channel: "tiktok",
  };

  /** Writes a one-row manifest with these cells and returns the key of its one job. */
  async function keyOf(cells: Record<string, string>, fileName = "one.csv"): Promise<string> {
    const columns = Object.keys(cells);
    const file = campaign.write(fileName, csv(columns.join(","), columns.map((c) => cells[c]).join(",")));
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs).toHaveLength(1);
    return jobs[0]?.key ?? "";
  }

  it("gives the same key to the same input in two loads", async () => {
    const first = await keyOf(BASE);
    const second = await keyOf(BASE, "again.csv");
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
  });

  it.each([
    ["mode", { mode: "pro" }],
    ["orientation", { orientation: "image" }],
    ["prompt", { prompt: "waving on a beach" }],
    ["image", { image: "assets/ben.png" }],
    ["video", { video: "assets/spin.mp4" }],
    ["model", { model: "kling-v2.6" }],
    ["provider", { provider: "kling" }],
    ["keep_sound", { keep_sound: "yes" }],
    ["cfg_scale", { cfg_scale: "0.7" }],
  ])("changes the key when the spec's %s changes", async (_, change) => {
    const base = await keyOf(BASE);
    const changed = await keyOf({ ...BASE, ...change }, "changed.csv");
    expect(changed).not.toBe(base);
  });

  it.each([
    ["the campaign", { campaign: "summer" }],
    ["the name", { name: "hero" }],
    ["an extra tag column", { channel: "reels" }],
  ])("keeps the key when only %s changes", async (_, change) => {
    const base = await keyOf(BASE);
    const changed = await keyOf({ ...BASE, ...change }, "changed.csv");
    expect(changed).toBe(base);
  });

  it("changes the key when the image file's content changes under the same path", async () => {
    campaign.copy("ava", "assets/character.png");
    const before = await keyOf({ ...BASE, image: "assets/character.png" });
    campaign.copy("ben", "assets/character.png");
    const after = await keyOf({ ...BASE, image: "assets/character.png" });
    expect(after).not.toBe(before);
  });
});

describe("problems", () => {
  it("reports every problem of a file together, each with its file, row and column", async () => {
    const file = campaign.write(
      "broken.csv",
      csv(
        "image,video,orientation,mode,provider,keep_sound,cfg_scale",
        "assets/ava.png,assets/wave.mp4,video,std,sim,yes,0.5",
        "assets/ava.png,assets/wave.mp4,portrait,std,sim,,",
        "assets/ava.png,assets/wave.mp4,video,ultra,sim,,",
        "assets/missing.png,assets/wave.mp4,video,std,sim,,",
        "assets/ava.png,,video,std,sim,,",
        "assets/ava.png,assets/wave.mp4,video,std,acme,,",
        "assets/ava.png,assets/wave.mp4,video,std,sim,maybe,",
        "assets/ava.png,assets/wave.mp4,video,std,sim,,2",
      ),
    );
    const error = await problemsOf([file]);

    expect(error.code).toBe("E_MANIFEST");
    expect(places(error.problems)).toEqual([
      { file, row: 3, column: "orientation" },
      { file, row: 4, column: "mode" },
      { file, row: 5, column: "image" },
      { file, row: 6, column: "video" },
      { file, row: 7, column: "provider" },
      { file, row: 8, column: "keep_sound" },
      { file, row: 9, column: "cfg_scale" },
    ]);
    const byColumn = (column: string) => error.problems.find((p) => p.column === column)?.message ?? "";
    expect(byColumn("orientation")).toContain('"portrait"');
    expect(byColumn("mode")).toContain('"ultra"');
    expect(byColumn("image")).toContain("file not found");
    expect(byColumn("provider")).toContain('unknown provider "acme"');
    expect(byColumn("keep_sound")).toContain('"maybe"');
    expect(byColumn("cfg_scale")).toContain('"2"');
    expect(error.message).toContain("7 problems");
  });

  it("formats a problem as file:row:column: message", async () => {
    const file = campaign.write("missing.csv", csv("image,video,provider", "assets/nobody.png,assets/wave.mp4,sim"));
    const error = await problemsOf([file]);

    expect(error.problems).toHaveLength(1);
    const [problem] = error.problems;
    if (!problem) throw new Error("no problem");
    expect(formatProblem(problem)).toBe(
      `${file}:2:image: file not found: "assets/nobody.png" (looked for ${join(campaign.dir, "assets/nobody.png")})`,
    );
  });

  it("reports two problems of one row separately", async () => {
    const file = campaign.write(
      "two.csv",
      csv("image,video,orientation,mode,provider", "assets/ava.png,assets/wave.mp4,sideways,turbo,sim"),
    );
    const error = await problemsOf([file]);
    expect(places(error.problems).map((p) => p.column)).toEqual(expect.arrayContaining(["orientation", "mode"]));
    expect(error.problems).toHaveLength(2);
    expect(error.problems.every((p) => p.row === 2)).toBe(true);
  });

  it("reports the problems of every manifest together", async () => {
    const first = campaign.write("first.csv", csv("image,video,provider", "assets/ava.png,assets/wave.mp4,acme"));
    const second = campaign.write(
      "second.csv",
      csv("image,video,provider", "assets/ava.png,assets/wave.mp4,sim", "assets/ava.png,assets/none.mp4,sim"),
    );
    const error = await problemsOf([first, second]);
    expect(places(error.problems)).toEqual([
      { file: first, row: 2, column: "provider" },
      { file: second, row: 3, column: "video" },
    ]);
  });

  it("reports a missing video column on every row", async () => {
    const file = campaign.write("novideo.csv", csv("image,provider", "assets/ava.png,sim", "assets/ben.png,sim"));
    const error = await problemsOf([file]);
    expect(places(error.problems)).toEqual([
      { file, row: 2, column: "video" },
      { file, row: 3, column: "video" },
    ]);
    expect(error.problems[0]?.message).toMatch(/required/);
  });

  it("reports an unknown --provider on the provider column", async () => {
    const file = campaign.write("p.csv", csv("image,video", "assets/ava.png,assets/wave.mp4"));
    const error = await problemsOf([file], { ...OPTIONS, provider: "acme" });
    expect(places(error.problems)).toEqual([{ file, row: 2, column: "provider" }]);
  });

  it("counts row numbers as the file's lines, blank lines included", async () => {
    const file = campaign.write(
      "gaps.csv",
      csv("image,video,provider", "", "assets/ava.png,assets/wave.mp4,sim", "", "", "assets/ava.png,assets/wave.mp4,bogus"),
    );
    const error = await problemsOf([file]);
    expect(places(error.problems)).toEqual([{ file, row: 6, column: "provider" }]);
  });
});

describe("columns", () => {
  it("matches headers case-insensitively and with spaces around them", async () => {
    const file = campaign.write("headers.csv", csv("Image, VIDEO ,Provider,MODE", "assets/ava.png,assets/wave.mp4,sim,pro"));
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.spec).toMatchObject({ provider: "sim", mode: "pro" });
    expect(label(jobs[0]?.spec.video ?? { kind: "remote", url: "" })).toBe("wave.mp4");
  });

  it("passes extra columns through as tags, and not into the spec", async () => {
    const file = campaign.write(
      "tags.csv",
      csv("image,video,provider,Channel,Target Market", "assets/ava.png,assets/wave.mp4,sim,tiktok,DE"),
    );
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs[0]?.tags).toEqual({ channel: "tiktok", target_market: "DE" });
    expect(JSON.stringify(jobs[0]?.spec)).not.toContain("tiktok");
  });

  it("ignores a UTF-8 byte order mark before the first header", async () => {
    const file = join(campaign.dir, "bom.csv");
    writeFileSync(file, `\uFEFF${csv("image,video,provider", "assets/ava.png,assets/wave.mp4,sim")}`);
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs).toHaveLength(1);
    expect(label(jobs[0]?.spec.image ?? { kind: "remote", url: "" })).toBe("ava.png");
    expect(jobs[0]?.tags).toEqual({});
  });

  it.each([
    ["a known provider", "kling"],
    ["an unknown provider", "acme"],
    ["no provider", ""],
  ])("lets --provider override %s in the provider column", async (_, column) => {
    const file = campaign.write("override.csv", csv("image,video,provider", `assets/ava.png,assets/wave.mp4,${column}`));
    const { jobs } = await loadManifests([file], { ...OPTIONS, provider: "sim" });
    expect(jobs.map((job) => job.spec.provider)).toEqual(["sim"]);
  });

  it("defaults orientation to video, mode to std and model to kling-v3", async () => {
    const file = campaign.write("defaults.csv", csv("image,video,provider", "assets/ava.png,assets/wave.mp4,sim"));
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.spec).toMatchObject({ orientation: "video", mode: "std", model: "kling-v3", provider: "sim" });
    expect(jobs[0]?.spec).not.toHaveProperty("prompt");
    expect(jobs[0]?.spec).not.toHaveProperty("keepSound");
    expect(jobs[0]?.spec).not.toHaveProperty("cfgScale");
  });

  it("reads keep_sound and cfg_scale into the spec", async () => {
    const file = campaign.write(
      "extras.csv",
      csv("image,video,provider,keep_sound,cfg_scale", "assets/ava.png,assets/wave.mp4,sim,No,0.25"),
    );
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs[0]?.spec).toMatchObject({ keepSound: false, cfgScale: 0.25 });
  });
});

describe("YAML campaign files", () => {
  it("applies the campaign and its defaults to sheet rows and inline jobs", async () => {
    campaign.write(
      "sheets/people.csv",
      csv("name,image,video,mode", "ava,../assets/ava.png,../assets/wave.mp4,", "ava-std,../assets/ava.png,../assets/jump.mp4,std"),
    );
    const yaml = campaign.write(
      "summer.yaml",
      [
        "campaign: summer",
        "defaults:",
        "  provider: sim",
        "  mode: pro",
        "  orientation: image|video",
        "sheets:",
        "  - sheets/people.csv",
        "jobs:",
        "  - name: ben",
        "    image: assets/ben.png",
        "    video: [assets/spin.mp4, assets/jump.mp4]",
        "",
      ].join("\n"),
    );
    const { jobs, rowCount } = await loadManifests([yaml], OPTIONS);

    expect(rowCount).toBe(3);
    expect(jobs).toHaveLength(2 + 2 + 4);
    expect(new Set(jobs.map((job) => job.campaign))).toEqual(new Set(["summer"]));
    expect(new Set(jobs.map((job) => job.spec.provider))).toEqual(new Set(["sim"]));
    const modesOf = (name: string) => jobs.filter((job) => job.name.split("_")[0] === name).map((job) => job.spec.mode);
    // The default mode applies where the row leaves the cell empty; a cell of the row wins.
    expect(modesOf("ava")).toEqual(["pro", "pro"]);
    expect(modesOf("ava-std")).toEqual(["std", "std"]);
    expect(modesOf("ben")).toEqual(["pro", "pro", "pro", "pro"]);
    const ben = jobs.filter((job) => job.name.startsWith("ben"));
    expect(ben.map((job) => `${label(job.spec.video)} ${job.spec.orientation}`).sort()).toEqual([
      "jump.mp4 image",
      "jump.mp4 video",
      "spin.mp4 image",
      "spin.mp4 video",
    ]);
    expect(ben.every((job) => job.rows.length === 1 && job.rows[0]?.file === yaml && job.rows[0]?.row === 9)).toBe(true);
    const sheetRows = jobs.filter((job) => job.name === "ava").flatMap((job) => job.rows);
    expect(sheetRows.every((row) => resolve(row.file) === join(campaign.dir, "sheets/people.csv") && row.row === 2)).toBe(true);
  });

  it("names the YAML file and the job's line for a problem in an inline job", async () => {
    const yaml = campaign.write(
      "bad-job.yaml",
      [
        "campaign: summer",
        "defaults: { provider: sim }",
        "jobs:",
        "  - { image: assets/ava.png, video: assets/wave.mp4 }",
        "  - { image: assets/ava.png, video: assets/wave.mp4, mode: turbo }",
        "  - image: assets/ghost.png",
        "    video: assets/wave.mp4",
        "",
      ].join("\n"),
    );
    const error = await problemsOf([yaml]);
    expect(places(error.problems)).toEqual([
      { file: yaml, row: 5, column: "mode" },
      { file: yaml, row: 6, column: "image" },
    ]);
  });

  it("names a problem in a sheet after the sheet, not the YAML file", async () => {
    campaign.write("sheet.csv", csv("image,video", "assets/ava.png,assets/wave.mp4", "assets/ava.png,assets/nope.mp4"));
    const yaml = campaign.write("with-sheet.yaml", ["defaults: { provider: sim }", "sheets: [sheet.csv]", ""].join("\n"));
    const error = await problemsOf([yaml]);
    expect(error.problems).toHaveLength(1);
    expect(resolve(error.problems[0]?.file ?? "")).toBe(join(campaign.dir, "sheet.csv"));
    expect(error.problems[0]).toMatchObject({ row: 3, column: "video" });
  });

  it("reports an unknown top-level key as a problem, with its line", async () => {
    const yaml = campaign.write(
      "typo.yaml",
      [
        "campaign: summer",
        "default:",
        "  provider: sim",
        "jobs:",
        "  - { image: assets/ava.png, video: assets/wave.mp4, provider: sim }",
        "",
      ].join("\n"),
    );
    const error = await problemsOf([yaml]);
    expect(places(error.problems)).toEqual([{ file: yaml, row: 2, column: "default" }]);
    expect(error.problems[0]?.message).toContain('unknown key "default"');
  });
});

describe("output names", () => {
  async function outputNames(...lines: string[]): Promise<string[]> {
    const file = campaign.write("names.csv", csv(...lines));
    const { jobs } = await loadManifests([file], OPTIONS);
    return jobs.map((job) => job.outputName).sort();
  }

  it.each([
    ["a named row", "spring,ava,assets/ava.png,assets/wave.mp4,,,", ["spring/ava_video_std.mp4"]],
    ["a row without a name", "spring,,assets/ava.png,assets/wave.mp4,image,pro,", ["spring/ava_wave_image_pro.mp4"]],
    [
      "a named row over several videos",
      "spring,ava,assets/ava.png,assets/wave.mp4|assets/spin.mp4,,,",
      ["spring/ava_spin_video_std.mp4", "spring/ava_wave_video_std.mp4"],
    ],
    ["a model other than the default", "spring,ava,assets/ava.png,assets/wave.mp4,,,kling-v2.6", ["spring/ava_video_std_kling-v2.6.mp4"]],
  ])("names the output of %s as campaign/name_orientation_mode.mp4", async (_, row, expected) => {
    expect(await outputNames("campaign,name,image,video,orientation,mode,model,provider", `${row},sim`)).toEqual(expected);
  });

  it("takes the campaign from the manifest's file name when there is no campaign column", async () => {
    const file = campaign.write("autumn-drop.csv", csv("name,image,video,provider", "ava,assets/ava.png,assets/wave.mp4,sim"));
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs.map((job) => job.outputName)).toEqual(["autumn-drop/ava_video_std.mp4"]);
  });

  it.each([
    ["../../etc", "../../etc/passwd", "etc/etc-passwd_video_std.mp4"],
    ["..", "..", "job/_video_std.mp4"],
    ["CON", "CON", "_CON/CON_video_std.mp4"],
    ["spring/summer", "a\\b", "spring-summer/a-b_video_std.mp4"],
  ])("keeps campaign %j and name %j inside one campaign folder, made safe", async (campaignName, name, expected) => {
    const [outputName] = await outputNames(
      "campaign,name,image,video,provider",
      `${campaignName},${name},assets/ava.png,assets/wave.mp4,sim`,
    );
    expect(outputName).toBe(expected);
    const out = join(campaign.dir, "out");
    const target = resolve(out, outputName ?? "");
    expect(target.startsWith(out + sep)).toBe(true);
    expect(relative(out, target).split(sep)).toHaveLength(2);
  });

  it("gives distinct names to jobs that would write the same file, even case-insensitively", async () => {
    const file = campaign.write(
      "clash.csv",
      csv(
        "campaign,name,image,video,provider",
        "spring,Ava,assets/ava.png,assets/wave.mp4,sim",
        "spring,ava,assets/ben.png,assets/wave.mp4,sim",
        "spring,a/b,assets/ava.png,assets/spin.mp4,sim",
        "spring,a-b,assets/ben.png,assets/spin.mp4,sim",
        "spring,solo,assets/ava.png,assets/jump.mp4,sim|kling",
        "spring,unique,assets/ben.png,assets/jump.mp4,sim",
      ),
    );
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs).toHaveLength(7);
    const names = jobs.map((job) => job.outputName.toLowerCase());
    expect(new Set(names).size).toBe(jobs.length);
    for (const job of jobs) {
      if (job.name === "unique") expect(job.outputName).toBe("spring/unique_video_std.mp4");
      else expect(job.outputName).toMatch(new RegExp(`^spring/[^/]+_video_std_${job.key.slice(0, 8)}\\.mp4$`));
    }
  });
});

describe("manifest edge cases found in review", () => {
  const rowsAndColumns = (error: ManifestError) => error.problems.map((p) => ({ row: p.row, column: p.column }));

  it("a cell holding only separators is a problem, never a row that silently asks for nothing", async () => {
    const path = campaign.write(
      "m.csv",
      csv(
        "image,video,provider",
        "assets/ava.png,assets/wave.mp4,sim",
        "|,assets/wave.mp4,sim",
        "assets/ava.png, | ,sim",
        "assets/ben.png,assets/wave.mp4,|",
      ),
    );
    expect(rowsAndColumns(await problemsOf([path]))).toEqual([
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
    expect(rowsAndColumns(await problemsOf([path]))).toEqual([{ row: 6, column: "video" }]);
    const ok = campaign.write("ok.csv", lines.slice(0, 2).join(eol));
    const loaded = await loadManifests([ok], OPTIONS);
    expect(loaded.jobs[0]?.rows).toEqual([{ file: ok, row: 2 }]);
    expect(loaded.jobs[0]?.spec.prompt).toBe("one\ntwo\nthree");
  });
});

describe("cells that name Object.prototype's members", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])("%s in an enum column is an ordinary wrong value", async (word) => {
    const campaign = tempCampaign();
    try {
      const file = campaign.write("proto.csv", `image,video,orientation,mode,provider\nassets/ava.png,assets/wave.mp4,image,${word},sim\n`);
      const error = await loadManifests([file], { knownProviders: ["sim"] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ManifestError);
      expect((error as ManifestError).problems[0]?.message).toBe(`expected std or pro (several separated by "|"); got "${word}"`);
    } finally {
      campaign.remove();
    }
  });
});
