import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expandInput } from "../../src/manifest/input-glob.js";
import { type LoadOptions, loadManifests } from "../../src/manifest/load.js";
import { formatProblem, ManifestError } from "../../src/manifest/problem.js";
import type { MediaRef } from "../../src/media/media-ref.js";
import { csv, type TempCampaign, tempCampaign } from "./temp-campaign.js";
import { writeWorkbook } from "./workbook.js";

const OPTIONS: LoadOptions = { knownProviders: ["sim", "kling"] };

let campaign: TempCampaign;
beforeEach(() => {
  campaign = tempCampaign();
});
afterEach(() => {
  campaign.remove();
});

function label(ref: MediaRef): string {
  return ref.kind === "local" ? basename(ref.path) : ref.url;
}

function yaml(name: string, ...lines: string[]): string {
  return campaign.write(name, `${lines.join("\n")}\n`);
}

async function problemLines(paths: string[]): Promise<string[]> {
  const error = await loadManifests(paths, OPTIONS).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ManifestError);
  return (error as ManifestError).problems.map(formatProblem);
}

describe("YAML axes: lists and folder globs", () => {
  it("expands a glob to every matching file, sorted, and a list of globs and paths in order", async () => {
    const file = yaml(
      "globs.yaml",
      "campaign: spring",
      "defaults: { provider: sim }",
      "jobs:",
      "  - name: crew",
      "    images: assets/*.png",
      "    videos: [assets/wave.mp4, 'assets/{spin,jump}.mp4']",
      "    orientations: [image, video]",
    );
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs).toHaveLength(2 * 3 * 2);
    expect([...new Set(jobs.map((job) => label(job.spec.image)))]).toEqual(["ava.png", "ben.png"]);
    // The list keeps its order; the glob inside it is sorted (jump before spin).
    expect([...new Set(jobs.map((job) => label(job.spec.video)))]).toEqual(["wave.mp4", "jump.mp4", "spin.mp4"]);
    expect(new Set(jobs.map((job) => job.spec.orientation))).toEqual(new Set(["image", "video"]));
  });

  it("sorts glob matches by code point, the same on every machine and locale", () => {
    for (const name of ["b.png", "B.png", "a10.png", "a2.png", "é.png", "_.png"]) campaign.copy("ava", `faces/${name}`);
    const matches = expandInput("faces/*.png", campaign.dir)?.map((path) => basename(path));
    expect(matches).toEqual(["B.png", "_.png", "a10.png", "a2.png", "b.png", "é.png"]);
  });

  it("keeps a URL as it is, even with ? in it", () => {
    expect(expandInput("https://cdn.example.com/a.mp4?sig=x*y", campaign.dir)).toEqual(["https://cdn.example.com/a.mp4?sig=x*y"]);
  });

  it("reports a glob that matches nothing, at its line", async () => {
    const file = yaml(
      "nothing.yaml",
      "defaults: { provider: sim }",
      "jobs:",
      "  - images: assets/characters/*.png",
      "    video: assets/wave.mp4",
    );
    expect(await problemLines([file])).toEqual([`${file}:3:image: no file matches "assets/characters/*.png" (looked in ${campaign.dir})`]);
  });

  it("reads a path with glob characters literally when that file exists", async () => {
    campaign.copy("ben", "assets/take [1].png");
    const file = yaml(
      "literal.yaml",
      "defaults: { provider: sim }",
      "jobs:",
      "  - { image: 'assets/take [1].png', video: assets/wave.mp4 }",
    );
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs.map((job) => label(job.spec.image))).toEqual(["take [1].png"]);
  });

  it("reports a column written twice (singular and plural)", async () => {
    const file = yaml(
      "twice.yaml",
      "defaults: { provider: sim }",
      "jobs:",
      "  - image: assets/ava.png",
      "    images: assets/ben.png",
      "    video: assets/wave.mp4",
    );
    expect(await problemLines([file])).toEqual([
      `${file}:4:image: "images" repeats the column image; write it once (a list gives several values)`,
    ]);
  });

  it("resolves inputs in defaults against the YAML file, also for sheets in other folders", async () => {
    campaign.write("sheets/people.csv", csv("name,video", "ava,../assets/wave.mp4", "ben,../assets/spin.mp4"));
    const file = yaml("defaults.yaml", "defaults: { provider: sim, images: assets/a*.png }", "sheets: [sheets/people.csv]");
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs.map((job) => `${job.name} ${label(job.spec.image)} ${label(job.spec.video)}`).sort()).toEqual([
      "ava ava.png wave.mp4",
      "ben ava.png spin.mp4",
    ]);
  });
});

describe("YAML sheets", () => {
  it("reads XLSX sheets, each named by file and sheet, with the campaign's defaults", async () => {
    await writeWorkbook(join(campaign.dir, "book.xlsx"), [
      {
        name: "Summer",
        rows: [
          ["name", "image", "video"],
          ["sun", "assets/ava.png", "assets/wave.mp4"],
        ],
      },
      {
        name: "Winter",
        rows: [
          ["name", "image", "video", "mode"],
          ["snow", "assets/ben.png", "assets/spin.mp4", "bogus"],
        ],
      },
    ]);
    const good = yaml(
      "book.yaml",
      "campaign: seasons",
      "defaults: { provider: sim }",
      "sheets:",
      "  - book.xlsx",
      "  - { file: book.xlsx, sheet: Winter }",
    );
    const lines = await problemLines([good]);
    expect(lines).toEqual([
      `${relative(process.cwd(), join(campaign.dir, "book.xlsx"))} Winter!D2: expected std or pro (several separated by "|"); got "bogus"`,
    ]);

    const fixed = yaml(
      "fixed.yaml",
      "campaign: seasons",
      "defaults: { provider: sim, mode: pro }",
      "sheets:",
      "  - book.xlsx",
      "  - { file: book.xlsx, sheet: Winter }",
    );
    await writeWorkbook(join(campaign.dir, "book.xlsx"), [
      {
        name: "Summer",
        rows: [
          ["name", "image", "video"],
          ["sun", "assets/ava.png", "assets/wave.mp4"],
        ],
      },
      {
        name: "Winter",
        rows: [
          ["name", "image", "video"],
          ["snow", "assets/ben.png", "assets/spin.mp4"],
        ],
      },
    ]);
    const { jobs } = await loadManifests([fixed], OPTIONS);
    expect(jobs.map((job) => `${job.campaign} ${job.name} ${job.spec.mode} ${job.rows[0]?.sheet}`).sort()).toEqual([
      "seasons snow pro Winter",
      "seasons sun pro Summer",
    ]);
  });

  it.each([
    ["a sheet: on a CSV file", "  - { file: people.csv, sheet: One }", '"sheet:" is for .xlsx files'],
    ["an unknown key", "  - { file: book.xlsx, tab: One }", 'unknown key "tab"'],
    ["another file type", "  - notes.docx", 'expected a .csv or .xlsx sheet; got "notes.docx"'],
  ])("reports %s in sheets:", async (_, entry, message) => {
    campaign.write("people.csv", csv("image,video", "assets/ava.png,assets/wave.mp4"));
    const file = yaml("bad-sheet.yaml", "defaults: { provider: sim }", "sheets:", entry);
    const [line] = await problemLines([file]);
    expect(line).toContain(`${file}:3:sheets: `);
    expect(line).toContain(message);
  });
});

describe("YAML output name template", () => {
  it("names outputs by the template", async () => {
    const file = yaml(
      "named.yaml",
      "campaign: spring",
      'output: "{campaign}/{provider}/{name}_{orientation}_{mode}"',
      "defaults: { provider: sim }",
      "jobs:",
      "  - { name: ava, image: assets/ava.png, videos: [assets/wave.mp4, assets/spin.mp4], orientation: both }",
    );
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs.map((job) => job.outputName).sort()).toEqual([
      "spring/sim/ava_spin_image_std.mp4",
      "spring/sim/ava_spin_video_std.mp4",
      "spring/sim/ava_wave_image_std.mp4",
      "spring/sim/ava_wave_video_std.mp4",
    ]);
  });

  it("reports unknown placeholders by name, at the template's line", async () => {
    const file = yaml(
      "unknown.yaml",
      "campaign: spring",
      "defaults: { provider: sim }",
      "output: '{campaign}/{channel}/{name}-{size}'",
      "jobs: []",
    );
    const lines = await problemLines([file]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:3:output: unknown placeholders \\{channel\\}, \\{size\\} `),
    );
  });

  it("gives jobs the template cannot tell apart distinct names, case-insensitively", async () => {
    const file = yaml(
      "clash.yaml",
      "output: '{campaign}/{name}'",
      "defaults: { provider: sim, campaign: spring }",
      "jobs:",
      "  - { name: Hero, image: assets/ava.png, video: assets/wave.mp4 }",
      "  - { name: hero, image: assets/ben.png, video: assets/wave.mp4 }",
      "  - { name: solo, image: assets/ava.png, video: assets/jump.mp4, mode: [std, pro] }",
    );
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs).toHaveLength(4);
    const names = jobs.map((job) => job.outputName.toLowerCase());
    expect(new Set(names).size).toBe(4);
    for (const job of jobs) expect(job.outputName).toMatch(new RegExp(`^spring/(Hero|hero|solo)_${job.key.slice(0, 8)}\\.mp4$`));
  });

  it("never lets a cell's value take an output out of the output folder", async () => {
    const file = yaml(
      "escape.yaml",
      "output: '{campaign}/{name}'",
      "defaults: { provider: sim }",
      "jobs:",
      "  - { campaign: ../../.., name: ../../etc/passwd, image: assets/ava.png, video: assets/wave.mp4 }",
      "  - { campaign: /abs, name: 'C:\\windows\\system32', image: assets/ben.png, video: assets/wave.mp4 }",
      "  - { campaign: nul, name: COM1, image: assets/ava.png, video: assets/spin.mp4 }",
    );
    const { jobs } = await loadManifests([file], OPTIONS);
    const out = join(campaign.dir, "out");
    expect(jobs.map((job) => job.outputName).sort()).toEqual(["_nul/_COM1.mp4", "abs/C-windows-system32.mp4", "job/etc-passwd.mp4"]);
    for (const job of jobs) expect(resolve(out, job.outputName).startsWith(out + sep)).toBe(true);
  });

  it("does not name an output like another output's folder", async () => {
    mkdirSync(join(campaign.dir, "x"), { recursive: true });
    writeFileSync(join(campaign.dir, "x", "keep"), "");
    const file = yaml(
      "folder.yaml",
      "output: '{name}'",
      "defaults: { provider: sim }",
      "jobs:",
      "  - { name: a.mp4/b, image: assets/ava.png, video: assets/wave.mp4 }",
      "  - { name: A.mp4, image: assets/ben.png, video: assets/wave.mp4 }",
    );
    // `/` in a cell never makes a folder: a-mp4-b is a file name, so nothing clashes here.
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs.map((job) => job.outputName).sort()).toEqual(["A.mp4.mp4", "a.mp4-b.mp4"]);
  });
});
