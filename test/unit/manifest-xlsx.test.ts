import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ExpandedJob } from "../../src/manifest/job-spec.js";
import { type LoadOptions, loadManifests } from "../../src/manifest/load.js";
import { formatPlace, placeOf } from "../../src/manifest/place.js";
import { formatProblem, ManifestError } from "../../src/manifest/problem.js";
import type { MediaRef } from "../../src/media/media-ref.js";
import { makePlan } from "../../src/plan/make-plan.js";
import { REPO, type TempCampaign, tempCampaign } from "./temp-campaign.js";
import { writeWorkbook } from "./workbook.js";

const OPTIONS: LoadOptions = { knownProviders: ["sim", "kling"] };
const FIXTURES = join(REPO, "test/fixtures/manifests");

let campaign: TempCampaign;
beforeEach(() => {
  campaign = tempCampaign();
});
afterEach(() => {
  campaign.remove();
});

function label(ref: MediaRef): string {
  return ref.kind === "local" ? (ref.path.split("/").at(-1) ?? "") : ref.url;
}

function byName(jobs: ExpandedJob[], name: string): ExpandedJob {
  const job = jobs.find((j) => j.name === name);
  if (!job) throw new Error(`no job named ${name} in ${jobs.map((j) => j.name).join(", ")}`);
  return job;
}

async function problemLines(paths: string[], options: LoadOptions = OPTIONS): Promise<string[]> {
  const error = await loadManifests(paths, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ManifestError);
  return (error as ManifestError).problems.map(formatProblem);
}

const HEADER = ["name", "image", "video", "mode", "provider"];

describe("XLSX made by LibreOffice", () => {
  it("reads numbers, dates and booleans as the columns expect, and skips the empty row", async () => {
    const file = join(FIXTURES, "spring.xlsx");
    const { jobs, rowCount } = await loadManifests([file], OPTIONS);

    expect(rowCount).toBe(2);
    expect(jobs).toHaveLength(2);
    const ava = byName(jobs, "ava");
    expect(ava.spec).toMatchObject({ orientation: "image", mode: "std", keepSound: true, cfgScale: 0.5, provider: "sim" });
    expect(ava.tags).toEqual({ shoot_date: "2025-03-01", take: "7" });
    expect(ava.campaign).toBe("spring-xlsx");
    expect(ava.rows).toEqual([{ file, sheet: "spring", row: 2, columnLetters: expect.objectContaining({ video: "D", cfg_scale: "I" }) }]);
    const ben = byName(jobs, "ben");
    expect(ben.spec).toMatchObject({ orientation: "video", mode: "pro", keepSound: false, cfgScale: 0.25 });
    expect(ben.rows[0]?.row).toBe(4);
  });

  it("finds the header under a title row, reads formulas by their saved results and hyperlinks as URLs", async () => {
    const file = join(FIXTURES, "title-link-formula.xlsx");
    const { jobs, rowCount } = await loadManifests([file], OPTIONS);

    expect(rowCount).toBe(2);
    const ava = byName(jobs, "ava");
    // C4 is a hyperlink cell showing "spin"; E4 is =0.1+0.2.
    expect(label(ava.spec.video)).toBe("https://cdn.example.com/moves/spin.mp4");
    expect(ava.spec.cfgScale).toBe(0.3);
    expect(ava.spec.keepSound).toBe(true);
    expect(ava.tags).toEqual({ notes: "first take" });
    expect(ava.rows[0]).toMatchObject({ sheet: "Sheet1", row: 4 });
    const ben = byName(jobs, "ben");
    // C5 is =HYPERLINK("https://.../wave.mp4","wave"); G5 is =UPPER("second take").
    expect(label(ben.spec.video)).toBe("https://cdn.example.com/moves/wave.mp4");
    expect(ben.spec.cfgScale).toBe(0.25);
    expect(ben.spec.keepSound).toBe(false);
    expect(ben.tags).toEqual({ notes: "SECOND TAKE" });
  });

  it("plans an XLSX row and names a plan problem by its cell", async () => {
    const error = await makePlan([join(FIXTURES, "spring.xlsx")], { provider: "kling" }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ManifestError);
    const lines = (error as ManifestError).problems.map(formatProblem);
    // Kling takes the reference video only by URL: the video cells of rows 2 and 4 (column D).
    expect(lines.some((line) => line.startsWith(`${join(FIXTURES, "spring.xlsx")} spring!D2: `))).toBe(true);
    expect(lines.some((line) => line.startsWith(`${join(FIXTURES, "spring.xlsx")} spring!D4: `))).toBe(true);
  });
});

describe("XLSX problems name the sheet, row and column as Excel shows them", () => {
  it("names each bad cell Sheet!C7, and a missing column by row and name", async () => {
    const file = await writeWorkbook(join(campaign.dir, "book.xlsx"), [
      {
        name: "Sheet1",
        rows: [
          HEADER,
          ["ok", "assets/ava.png", "assets/wave.mp4", "std", "sim"],
          ["bad-mode", "assets/ava.png", "assets/wave.mp4", "turbo", "sim"],
          ["missing", "assets/nobody.png", "assets/wave.mp4", "std", "sim"],
          ["no-result", "assets/ava.png", "assets/wave.mp4", { formula: 'LOWER("STD")' } as never, "sim"],
          ["div0", "assets/ava.png", "assets/wave.mp4", "std", { formula: "1/0", result: { error: "#DIV/0!" } } as never],
          ["error", "assets/ava.png", { error: "#N/A" } as never, "std", "sim"],
        ],
      },
    ]);
    const lines = await problemLines([file]);
    expect(lines).toEqual([
      `${file} Sheet1!D3: expected std or pro (several separated by "|"); got "turbo"`,
      `${file} Sheet1!B4: file not found: "assets/nobody.png" (looked for ${join(campaign.dir, "assets/nobody.png")})`,
      `${file} Sheet1!D5: the formula =LOWER("STD") has no saved result; open the file in a spreadsheet program, let it calculate, and save it`,
      `${file} Sheet1!E6: the formula =1/0 shows the error #DIV/0!`,
      `${file} Sheet1!C7: the cell shows the error #N/A`,
    ]);
  });

  it("names a required column that the sheet lacks by row and column name", async () => {
    const file = await writeWorkbook(join(campaign.dir, "novideo.xlsx"), [
      {
        name: "Sheet1",
        rows: [
          ["name", "image", "provider"],
          ["a", "assets/ava.png", "sim"],
        ],
      },
    ]);
    expect(await problemLines([file])).toEqual([`${file} Sheet1 row 2, column video: required: a motion reference video (path or URL)`]);
  });

  it("names both duplicate columns by their letters", async () => {
    const file = await writeWorkbook(join(campaign.dir, "dup.xlsx"), [
      {
        name: "Sheet1",
        rows: [
          ["Image", "video", "provider", "IMAGE"],
          ["assets/ava.png", "assets/wave.mp4", "sim", "assets/ben.png"],
        ],
      },
    ]);
    expect(await problemLines([file])).toEqual([`${file} Sheet1!D1: duplicate column: "Image" (A) and "IMAGE" (D); keep one`]);
  });

  it("quotes a sheet name with spaces as Excel does", async () => {
    const file = await writeWorkbook(join(campaign.dir, "quoted.xlsx"), [
      { name: "Winter Sale", rows: [HEADER, ["a", "assets/ava.png", "assets/wave.mp4", "ultra", "sim"]] },
    ]);
    const [line] = await problemLines([file]);
    expect(line).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} 'Winter Sale'!D2: `));
  });
});

describe("merged cells", () => {
  it("gives a merged cell's value to every row it covers", async () => {
    const file = await writeWorkbook(join(campaign.dir, "merged.xlsx"), [
      {
        name: "Sheet1",
        rows: [
          HEADER,
          ["a", "assets/ava.png", "assets/wave.mp4", "pro", "sim"],
          ["b", "assets/ben.png", "assets/wave.mp4", undefined, "sim"],
        ],
        merges: ["D2:D3"],
      },
    ]);
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs.map((job) => `${job.name} ${job.spec.mode}`).sort()).toEqual(["a pro", "b pro"]);
  });
});

describe("choosing the sheet", () => {
  async function threeSheets(): Promise<string> {
    return writeWorkbook(join(campaign.dir, "sheets.xlsx"), [
      { name: "Lists", state: "hidden", rows: [["mode"], ["std"], ["pro"]] },
      { name: "Summer", rows: [HEADER, ["sun", "assets/ava.png", "assets/wave.mp4", "std", "sim"]] },
      { name: "Winter", rows: [["Winter campaign"], [], HEADER, ["snow", "assets/ben.png", "assets/spin.mp4", "pro", "sim"]] },
    ]);
  }

  it("reads the first visible sheet by default", async () => {
    const { jobs } = await loadManifests([await threeSheets()], OPTIONS);
    expect(jobs.map((j) => j.name)).toEqual(["sun"]);
  });

  it.each(["Winter", "winter", " WINTER "])("reads the sheet named by --sheet %j", async (sheet) => {
    const { jobs } = await loadManifests([await threeSheets()], { ...OPTIONS, sheet });
    expect(jobs.map((j) => j.name)).toEqual(["snow"]);
    expect(jobs[0]?.rows[0]).toMatchObject({ sheet: "Winter", row: 4 });
  });

  it("names the sheets there are when --sheet names none of them", async () => {
    const file = await threeSheets();
    expect(await problemLines([file], { ...OPTIONS, sheet: "Autumn" })).toEqual([
      `${file}: no sheet named "Autumn"; the sheets are "Lists", "Summer", "Winter"`,
    ]);
  });

  it("refuses --sheet when no XLSX manifest is given", async () => {
    const csvFile = campaign.write("a.csv", "image,video,provider\nassets/ava.png,assets/wave.mp4,sim\n");
    expect(await problemLines([csvFile], { ...OPTIONS, sheet: "Summer" })).toEqual([
      `${csvFile}: --sheet "Summer" names a worksheet, but no .xlsx manifest was given`,
    ]);
  });

  it("reports a file that is not a workbook, without a stack trace", async () => {
    const file = campaign.write("fake.xlsx", "image,video\n");
    const [line] = await problemLines([file]);
    expect(line).toMatch(/fake\.xlsx: not a readable XLSX file \(.+\); save it again from a spreadsheet program$/);
  });
});

describe("places", () => {
  it.each([
    [{ file: "a.csv", row: 7 }, "video", "a.csv:7:video"],
    [{ file: "a.csv", row: 7 }, undefined, "a.csv:7"],
    [{ file: "b.xlsx", row: 7, sheet: "Sheet1", columnLetters: { video: "C" } }, "video", "b.xlsx Sheet1!C7"],
    [{ file: "b.xlsx", row: 7, sheet: "Sheet1", columnLetters: { video: "C" } }, "prompt", "b.xlsx Sheet1 row 7, column prompt"],
    [{ file: "b.xlsx", row: 7, sheet: "Sheet1" }, undefined, "b.xlsx Sheet1 row 7"],
    [{ file: "b.xlsx", row: 12, sheet: "It's 2025", columnLetters: { video: "AB" } }, "video", "b.xlsx 'It''s 2025'!AB12"],
  ])("formats the place of %j, column %j, as %j", (row, column, expected) => {
    expect(formatPlace(placeOf(row, column))).toBe(expected);
  });
});
