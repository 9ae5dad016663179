import { statSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { hashFile } from "../media/hash-file.js";
import { isRemote, type MediaRef } from "../media/media-ref.js";
import { COLUMN_DEFAULTS, isColumn } from "./columns.js";
import { expandRows, type ResolvedRow } from "./expand.js";
import type { ExpandedJob, RowRef } from "./job-spec.js";
import { placeOf } from "./place.js";
import { ManifestError, type ManifestProblem } from "./problem.js";
import { readCsv } from "./read-csv.js";
import { readXlsx } from "./read-xlsx.js";
import { readYaml } from "./read-yaml.js";
import { rowSchema } from "./row-schema.js";
import type { RawSheet } from "./sheet.js";

export interface LoadOptions {
  /** `--provider`: overrides the provider column of every row. */
  provider?: string;
  /** Provider names a row may use. */
  knownProviders: readonly string[];
  /** `--sheet`: the worksheet to read in every XLSX manifest named here (default: the first visible one). */
  sheet?: string;
}

export interface LoadedManifest {
  jobs: ExpandedJob[];
  /** How many manifest rows were read (before expansion). */
  rowCount: number;
}

/**
 * Reads, validates and expands manifests into jobs. Every problem in every file is collected and
 * thrown together as one ManifestError, before anything is priced or spent.
 */
export async function loadManifests(paths: readonly string[], options: LoadOptions): Promise<LoadedManifest> {
  const problems: ManifestProblem[] = [];
  const sheets: RawSheet[] = [];
  for (const path of paths) sheets.push(...(await readManifestFile(path, options, problems)));
  if (options.sheet !== undefined && !paths.some((path) => extname(path).toLowerCase() === ".xlsx")) {
    problems.push({ file: paths.join(", "), message: `--sheet "${options.sheet}" names a worksheet, but no .xlsx manifest was given` });
  }

  const hashes = new Map<string, Promise<{ sha256: string; bytes: number }>>();
  const rows: ResolvedRow[] = [];
  let rowCount = 0;
  for (const sheet of sheets) {
    const campaignDefault = basename(sheet.file, extname(sheet.file));
    for (const raw of sheet.rows) {
      rowCount += 1;
      const place: RowRef = {
        file: sheet.file,
        row: raw.row,
        ...(sheet.sheet !== undefined ? { sheet: sheet.sheet } : {}),
        ...(sheet.columnLetters !== undefined ? { columnLetters: sheet.columnLetters } : {}),
      };
      const cells: Record<string, string> = { ...COLUMN_DEFAULTS, ...sheet.defaults, ...raw.cells };
      if (options.provider) cells.provider = options.provider;
      const tags: Record<string, string> = {};
      for (const [column, value] of Object.entries(raw.cells)) if (!isColumn(column)) tags[column] = value;

      const parsed = rowSchema.safeParse(cells);
      const failed = new Set(raw.failedColumns);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const column = issue.path[0] === undefined ? undefined : String(issue.path[0]);
          // A cell whose problem the reader reported (a formula error) is not reported again as empty.
          if (column === undefined || !failed.has(column)) problems.push({ ...placeOf(place, column), message: issue.message });
        }
        continue;
      }
      if (failed.size > 0) continue;
      const valid = parsed.data;
      let ok = true;
      for (const provider of valid.provider) {
        if (!options.knownProviders.includes(provider)) {
          problems.push({
            ...placeOf(place, "provider"),
            message: `unknown provider "${provider}"; expected one of ${options.knownProviders.join(", ")}`,
          });
          ok = false;
        }
      }
      const resolveAll = (column: "image" | "video" | "element", values: string[]): Promise<MediaRef | undefined>[] =>
        values.map(async (value) => {
          if (isRemote(value)) return { kind: "remote", url: value } satisfies MediaRef;
          const path = resolve(sheet.baseDir, value);
          let size: number;
          try {
            const stat = statSync(path);
            if (!stat.isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
            size = stat.size;
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "not a file" : `cannot read (${code})`;
            problems.push({ ...placeOf(place, column), message: `${why}: "${value}" (looked for ${path})` });
            return undefined;
          }
          let hashed = hashes.get(path);
          if (!hashed) {
            hashed = hashFile(path);
            hashes.set(path, hashed);
          }
          const { sha256 } = await hashed;
          return { kind: "local", path, sha256, bytes: size } satisfies MediaRef;
        });
      const images = await Promise.all(resolveAll("image", valid.image));
      const videos = await Promise.all(resolveAll("video", valid.video));
      const elementVideos = await Promise.all(resolveAll("element", valid.element !== undefined ? [valid.element] : []));
      const known = (refs: (MediaRef | undefined)[]): refs is MediaRef[] => refs.every((ref) => ref !== undefined);
      if (!ok || !known(images) || !known(videos) || !known(elementVideos)) continue;
      const [elementVideo] = elementVideos;
      rows.push({
        source: place,
        campaign: valid.campaign ?? campaignDefault,
        ...(valid.name !== undefined ? { name: valid.name } : {}),
        images,
        videos,
        orientations: valid.orientation,
        modes: valid.mode,
        models: valid.model,
        providers: valid.provider,
        ...(valid.prompt !== undefined ? { prompt: valid.prompt } : {}),
        ...(valid.keep_sound !== undefined ? { keepSound: valid.keep_sound } : {}),
        ...(valid.cfg_scale !== undefined ? { cfgScale: valid.cfg_scale } : {}),
        ...(elementVideo && valid.element_name !== undefined && valid.element_description !== undefined
          ? { element: { video: elementVideo, name: valid.element_name, description: valid.element_description } }
          : {}),
        tags,
        ...(sheet.outputTemplate ? { outputTemplate: sheet.outputTemplate } : {}),
      });
    }
  }
  if (sheets.length > 0 && rowCount === 0 && problems.length === 0) {
    problems.push({ file: paths.join(", "), message: "no rows: the manifest has a header but no jobs" });
  }
  if (problems.length > 0) throw new ManifestError(inReadingOrder(problems));
  return { jobs: expandRows(rows), rowCount };
}

async function readManifestFile(path: string, options: LoadOptions, problems: ManifestProblem[]): Promise<RawSheet[]> {
  const extension = extname(path).toLowerCase();
  switch (extension) {
    case ".csv":
    case ".tsv":
    case ".txt": {
      const sheet = readCsv(path, problems);
      return sheet ? [sheet] : [];
    }
    case ".xlsx": {
      const sheet = await readXlsx(path, options.sheet !== undefined ? { sheet: options.sheet } : {}, problems);
      return sheet ? [sheet] : [];
    }
    case ".yaml":
    case ".yml":
      return readYaml(path, problems);
    case ".xls":
    case ".ods":
    case ".numbers":
      problems.push({ file: path, message: `${extension} files are not read: save the sheet as .xlsx (or CSV UTF-8) and pass that` });
      return [];
    default:
      problems.push({ file: path, message: `unknown manifest type "${extension || "(none)"}": expected .csv, .xlsx, .yaml or .yml` });
      return [];
  }
}

/**
 * Problems in the order a person reads the files: by manifest and sheet as first met, then by row
 * (a reader's cell problems are found before the row checks). Stable: a row keeps its column order.
 */
function inReadingOrder(problems: readonly ManifestProblem[]): ManifestProblem[] {
  const sheetOrder = new Map<string, number>();
  const sheetOf = (problem: ManifestProblem): number => {
    const key = `${problem.file}\u0000${problem.sheet ?? ""}`;
    if (!sheetOrder.has(key)) sheetOrder.set(key, sheetOrder.size);
    return sheetOrder.get(key) ?? 0;
  };
  return problems
    .map((problem, index) => ({ problem, index, sheet: sheetOf(problem) }))
    .sort((a, b) => a.sheet - b.sheet || (a.problem.row ?? 0) - (b.problem.row ?? 0) || a.index - b.index)
    .map(({ problem }) => problem);
}
