import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeText } from "../../src/manifest/decode-text.js";
import { type LoadOptions, loadManifests } from "../../src/manifest/load.js";
import { formatProblem, ManifestError } from "../../src/manifest/problem.js";
import { detectDelimiter, parseCsv } from "../../src/manifest/read-csv.js";
import { REPO, type TempCampaign, tempCampaign } from "./temp-campaign.js";

const OPTIONS: LoadOptions = { knownProviders: ["sim", "kling"] };

let campaign: TempCampaign;
beforeEach(() => {
  campaign = tempCampaign();
});
afterEach(() => {
  campaign.remove();
});

async function problemLines(paths: string[]): Promise<string[]> {
  const error = await loadManifests(paths, OPTIONS).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ManifestError);
  return (error as ManifestError).problems.map(formatProblem);
}

describe("CSV as spreadsheets export it", () => {
  it("reads the UTF-8 BOM, `;`, CRLF, quoted newlines, a decimal comma and trailing empty columns (fixture)", async () => {
    const file = join(REPO, "test/fixtures/manifests/bom-semicolon.csv");
    const { jobs, rowCount } = await loadManifests([file], OPTIONS);

    expect(rowCount).toBe(2);
    const zoe = jobs.find((job) => job.name === "zoë");
    expect(zoe?.campaign).toBe("bom-semicolon");
    expect(zoe?.spec).toMatchObject({ orientation: "image", prompt: "Waving; then smiling,\nin a bright studio", cfgScale: 0.5 });
    expect(zoe?.tags).toEqual({});
    expect(zoe?.rows).toEqual([{ file, row: 2 }]);
    const ben = jobs.find((job) => job.name === "ben");
    expect(ben?.spec.prompt).toBe("Jumping, twice");
    // Line 4 is the row of empty cells; ben's row is line 5.
    expect(ben?.rows).toEqual([{ file, row: 5 }]);
  });

  it.each([
    ["comma", "image,video,provider\nassets/ava.png,assets/wave.mp4,sim\n"],
    ["semicolon", "image;video;provider\nassets/ava.png;assets/wave.mp4;sim\n"],
    ["tab", "image\tvideo\tprovider\nassets/ava.png\tassets/wave.mp4\tsim\n"],
    ["Excel's sep= line", "sep=;\nimage;video;provider\nassets/ava.png;assets/wave.mp4;sim\n"],
  ])("detects the %s delimiter", async (_, text) => {
    const { jobs } = await loadManifests([campaign.write("d.csv", text)], OPTIONS);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.spec.provider).toBe("sim");
  });

  it("counts Excel's sep= line in the row numbers", async () => {
    const file = campaign.write("sep.csv", "sep=;\r\nimage;video;provider\r\nassets/ava.png;assets/wave.mp4;acme\r\n");
    expect(await problemLines([file])).toEqual([`${file}:3:provider: unknown provider "acme"; expected one of sim, kling`]);
  });

  it('reads UTF-16 text with a BOM (Excel\'s "Unicode text": tab-separated)', async () => {
    const text = "\uFEFFname\timage\tvideo\tprovider\r\nZoë\tassets/ava.png\tassets/wave.mp4\tsim\r\n";
    const file = join(campaign.dir, "unicode.txt");
    writeFileSync(file, Buffer.from(text, "utf16le"));
    const { jobs } = await loadManifests([file], OPTIONS);
    expect(jobs.map((job) => job.name)).toEqual(["Zoë"]);
  });

  it("refuses text that is not UTF-8, naming the line of the first bad byte", async () => {
    const file = join(campaign.dir, "latin1.csv");
    writeFileSync(
      file,
      Buffer.concat([Buffer.from("name,image,video,provider\n"), Buffer.from("Zo\xEB,assets/ava.png,assets/wave.mp4,sim\n", "latin1")]),
    );
    expect(await problemLines([file])).toEqual([
      `${file}:2: not UTF-8 text (an older encoding such as Windows-1252?): save it as "CSV UTF-8" and try again`,
    ]);
  });

  it("finds the header under a title row and a blank row", async () => {
    const file = campaign.write(
      "title.csv",
      ["Spring launch: motion batch,,,", ",,,", "Name,Image,Video,Provider", "ava,assets/ava.png,assets/wave.mp4,acme", ""].join("\r\n"),
    );
    expect(await problemLines([file])).toEqual([`${file}:4:provider: unknown provider "acme"; expected one of sim, kling`]);
  });

  it("names both duplicate columns, by their positions", async () => {
    const file = campaign.write("dup.csv", "image,Video,provider,video\nassets/ava.png,assets/wave.mp4,sim,assets/spin.mp4\n");
    expect(await problemLines([file])).toEqual([`${file}:1:video: duplicate column: "Video" (column 2) and "video" (column 4); keep one`]);
  });

  it("reports broken quoting as not valid CSV, with its line", async () => {
    const file = campaign.write("quote.csv", 'image,video,provider\nassets/ava.png,"assets/wave.mp4"x,sim\n');
    const [line] = await problemLines([file]);
    expect(line).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:2: not valid CSV: `));
  });
});

describe("detectDelimiter", () => {
  it.each([
    ["a header with commas", "image,video,provider\n", ","],
    ["a header with semicolons", "image;video;provider\n", ";"],
    ["a header with tabs", "image\tvideo\tprovider\n", "\t"],
    ["semicolons, commas only in an unquoted prompt below", "image;video;prompt\na;b;one, two, three, four\n", ";"],
    ["commas, semicolons only inside quotes", 'image,video,prompt\na,b,"x;y;z;w"\n', ","],
    ["a quoted header cell holding the other delimiter", '"a;b;c";image;video\n', ";"],
    ["a first line without any delimiter (decided by the next)", "Title\nimage;video\n", ";"],
    ["a tie (comma wins)", "a,b;c\n", ","],
    ["nothing at all", "image\n", ","],
  ])("%s -> %j", (_, text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe("csv-spectrum", () => {
  const spectrum = dirname(createRequire(import.meta.url).resolve("csv-spectrum/package.json"));
  const names = readdirSync(join(spectrum, "csvs")).map((file) => file.replace(/\.csv$/, ""));

  /** Our CSV reader's records as csv-spectrum's JSON: an object per row, keyed by the header. */
  function asObjects(bytes: Buffer): Record<string, string>[] {
    const decoded = decodeText(bytes);
    if ("problem" in decoded) throw new Error(decoded.problem);
    const [header, ...rows] = parseCsv(decoded.text).filter((record) => record.cells.some((cell) => cell?.text));
    const keys = header?.cells.map((cell) => cell?.text ?? "") ?? [];
    return rows.map((record) => Object.fromEntries(keys.map((key, index) => [key, record.cells[index]?.text ?? ""])));
  }

  it("has the cases we expect", () => {
    expect(names.length).toBeGreaterThanOrEqual(12);
  });

  it.each(names.filter((name) => name !== "location_coordinates"))("reads %s as its JSON says", (name) => {
    const expected = JSON.parse(readFileSync(join(spectrum, "json", `${name}.json`), "utf8")) as unknown;
    expect(asObjects(readFileSync(join(spectrum, "csvs", `${name}.csv`)))).toEqual(expected);
  });

  it("reads location_coordinates as its CSV says (its JSON is a single object with another phone number)", () => {
    const json = JSON.parse(readFileSync(join(spectrum, "json", "location_coordinates.json"), "utf8")) as Record<string, string>;
    // The upstream JSON is not an array and its phone number differs from the CSV's; everything else must match.
    expect(json["Contact Phone Number"]).toBe("1234567890");
    expect(asObjects(readFileSync(join(spectrum, "csvs", "location_coordinates.csv")))).toEqual([
      { ...json, "Contact Phone Number": "2095257564" },
    ]);
  });

  it("gives each record the line it starts on, LF or CRLF", () => {
    for (const eol of ["\n", "\r\n"]) {
      const records = parseCsv(["a,b", `1,"x${eol}y"`, "", "2,3"].join(eol));
      expect(records.map((record) => record.row)).toEqual([1, 2, 4, 5]);
    }
  });
});
