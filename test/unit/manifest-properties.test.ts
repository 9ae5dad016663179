import { writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandRows, type ResolvedRow } from "../../src/manifest/expand.js";
import type { ExpandedJob } from "../../src/manifest/job-spec.js";
import { type LoadOptions, loadManifests } from "../../src/manifest/load.js";
import { parseOutputTemplate } from "../../src/manifest/output-template.js";
import { ManifestError } from "../../src/manifest/problem.js";
import { type TempCampaign, tempCampaign } from "./temp-campaign.js";
import { writeWorkbook } from "./workbook.js";

const OPTIONS: LoadOptions = { knownProviders: ["sim", "kling"] };
const COLUMNS = [
  "campaign",
  "name",
  "image",
  "video",
  "orientation",
  "mode",
  "model",
  "provider",
  "prompt",
  "keep_sound",
  "cfg_scale",
  "channel",
];
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

let campaign: TempCampaign;
let out: string;
beforeAll(() => {
  campaign = tempCampaign();
  out = join(campaign.dir, "out");
});
afterAll(() => {
  campaign.remove();
});

/** Text a spreadsheet cell may hold: anything at all, or the troublemakers, or a value that works. */
const tricky = fc.constantFrom(
  '"',
  '""',
  "\r\n",
  "\n",
  "|",
  " | ",
  ";",
  ",",
  "\t",
  "=1/0",
  "..",
  "../..",
  "CON",
  "nul.txt",
  "\uFEFF",
  "*",
  "{",
  "}",
  "{a,b}",
  "[x]",
  "",
);
const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 30 }), fc.string({ unit: "grapheme", maxLength: 30 }), tricky);
/** A row whose cells are valid `weight` times out of `weight + 1`, else any text. */
const rowOf = (weight: number) => {
  const cell = (valid: fc.Arbitrary<string>) => fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: anyText });
  return fc.record({
    campaign: cell(fc.constantFrom("spring", "Spring Launch", "")),
    name: cell(fc.constantFrom("ava", "", "hero")),
    image: cell(fc.constantFrom("assets/ava.png", "assets/ben.png", "assets/ava.png | assets/ben.png", "https://cdn.example.com/a.png")),
    video: cell(fc.constantFrom("assets/wave.mp4", "assets/spin.mp4", "https://cdn.example.com/m.mp4?sig=1")),
    orientation: cell(fc.constantFrom("image", "video", "both", "")),
    mode: cell(fc.constantFrom("std", "pro", "")),
    model: cell(fc.constantFrom("kling-v3", "v2.6", "")),
    provider: cell(fc.constantFrom("sim", "kling")),
    prompt: cell(fc.constantFrom("", "dancing")),
    keep_sound: cell(fc.constantFrom("yes", "no", "")),
    cfg_scale: cell(fc.constantFrom("0.5", "0,25", "")),
    channel: anyText,
  });
};
const row = rowOf(6);
/** A row every cell of which is valid. */
const VALID_ROW = {
  campaign: "spring",
  name: "ava",
  image: "assets/ava.png",
  video: "assets/wave.mp4",
  orientation: "image",
  mode: "std",
  model: "kling-v3",
  provider: "sim",
  prompt: "dancing",
  keep_sound: "yes",
  cfg_scale: "0.5",
  channel: "web",
};

/** CSV text: quoted as a spreadsheet writes it, or raw (which may not be valid CSV at all). */
function csvText(rows: Record<string, string>[], delimiter: string, quoted: boolean): string {
  const quote = (text: string) => (quoted ? `"${text.replaceAll('"', '""')}"` : text);
  return [COLUMNS.map(quote).join(delimiter), ...rows.map((r) => COLUMNS.map((c) => quote(r[c] ?? "")).join(delimiter))].join("\r\n");
}

/** Loads and returns the jobs, or undefined when the manifest was refused; anything but a ManifestError fails. */
async function loadOrRefuse(paths: string[]): Promise<ExpandedJob[] | undefined> {
  try {
    return (await loadManifests(paths, OPTIONS)).jobs;
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    expect(error.problems.length).toBeGreaterThan(0);
    for (const problem of error.problems) expect(problem.message).not.toMatch(/\n\s+at /);
    return undefined;
  }
}

/** Every output stays inside the output folder, in safe segments, one file per job even ignoring case. */
function expectSafeOutputs(jobs: readonly ExpandedJob[]): void {
  const seen = new Set<string>();
  for (const job of jobs) {
    const target = resolve(out, job.outputName);
    expect(target.startsWith(out + sep)).toBe(true);
    expect(job.outputName.endsWith(".mp4")).toBe(true);
    for (const segment of job.outputName.split("/")) {
      expect(segment).not.toMatch(/^\.*$/);
      expect(segment).not.toMatch(/[\\:*?"<>|\u0000-\u001f]/);
      expect(RESERVED.test(segment)).toBe(false);
      expect(segment.length).toBeLessThanOrEqual(90);
    }
    expect(seen.has(job.outputName.toLowerCase())).toBe(false);
    seen.add(job.outputName.toLowerCase());
  }
}

describe("for any cell text", () => {
  it("a CSV manifest loads or is refused with a ManifestError, and outputs stay inside the output folder", async () => {
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(",", ";", "\t"),
        fc.boolean(),
        async (rows, delimiter, quoted) => {
          const file = campaign.write("property.csv", csvText(rows, delimiter, quoted));
          const jobs = await loadOrRefuse([file]);
          if (jobs) {
            loaded += 1;
            expectSafeOutputs(jobs);
          }
        },
      ),
      { numRuns: 150 },
    );
    // The property is only worth something if some manifests were accepted.
    expect(loaded).toBeGreaterThan(0);
  });

  it("a YAML campaign with any values and any output template loads or is refused with a ManifestError", async () => {
    const template = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom("{campaign}/{name}_{orientation}_{mode}", "{name}", "{provider}/{model}/{image}-{video}", "{key}"),
      },
      anyText,
      fc.tuple(anyText, anyText).map(([a, b]) => `{campaign}/${a}{name}${b}`),
    );
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 3 }), template, async (rows, output) => {
        const jobs = rows.map((r) => `  - ${JSON.stringify(r)}`);
        const file = campaign.write("property.yaml", [`output: ${JSON.stringify(output)}`, "jobs:", ...jobs, ""].join("\n"));
        const loadedJobs = await loadOrRefuse([file]);
        if (loadedJobs) {
          loaded += 1;
          expectSafeOutputs(loadedJobs);
        }
      }),
      { numRuns: 100 },
    );
    expect(loaded).toBeGreaterThan(0);
  });

  it("an XLSX manifest with any cell values loads or is refused with a ManifestError", async () => {
    const value = fc.oneof(anyText, fc.double(), fc.boolean(), fc.date({ noInvalidDate: true }), fc.integer());
    const xlsxCell = fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 3 }),
        fc.array(xlsxCell, { minLength: 12, maxLength: 12 }),
        async (rows, extra) => {
          const cells = rows.map((r, index) =>
            COLUMNS.map((c, col) => (index === 0 && extra[col] !== undefined ? extra[col] : (r as Record<string, string>)[c])),
          );
          const file = await writeWorkbook(join(campaign.dir, "property.xlsx"), [{ name: "Sheet1", rows: [COLUMNS, ...cells] }]);
          const jobs = await loadOrRefuse([file]);
          if (jobs) {
            loaded += 1;
            expectSafeOutputs(jobs);
          }
        },
      ),
      // One manifest known to load runs first, so the property is never checked on refusals only.
      { numRuns: 60, examples: [[[VALID_ROW], Array.from({ length: 12 }, () => undefined)]] },
    );
    expect(loaded).toBeGreaterThan(0);
  });

  it.each(["csv", "yaml", "xlsx"])("any bytes in a .%s file are refused or read, never an unstructured error", async (extension) => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const file = join(campaign.dir, `bytes.${extension}`);
        writeFileSync(file, bytes);
        await loadOrRefuse([file]);
      }),
      { numRuns: 60 },
    );
  });
});

describe("for any names and template", () => {
  const remote = (url: string) => ({ kind: "remote", url }) as const;

  it("every output path stays inside the output folder and no two jobs share one, ignoring case", () => {
    const templateText = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom("{campaign}/{name}", "{name}", "{campaign}/{name}/{mode}", "x/{image}/{video}"),
      fc.tuple(anyText, anyText, anyText).map(([a, b, c]) => `${a}{campaign}${b}/{name}${c}`),
      anyText,
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ campaign: anyText, name: fc.option(anyText, { nil: undefined }), image: anyText, video: anyText }), {
          minLength: 1,
          maxLength: 8,
        }),
        templateText,
        (labels, text) => {
          const template = text === undefined ? undefined : parseOutputTemplate(text);
          if (template && "problem" in template) return;
          const rows: ResolvedRow[] = labels.map((l, index) => ({
            source: { file: "m.csv", row: index + 2 },
            campaign: l.campaign,
            ...(l.name !== undefined ? { name: l.name } : {}),
            images: [remote(`https://x.example/${encodeURIComponent(l.image)}/${index}`)],
            videos: [remote(`https://x.example/v/${l.video}`)],
            orientations: ["image", "video"],
            modes: ["std"],
            models: ["kling-v3"],
            providers: ["sim"],
            tags: {},
            ...(template ? { outputTemplate: template } : {}),
          }));
          expectSafeOutputs(expandRows(rows));
        },
      ),
      { numRuns: 500 },
    );
  });
});
