import { safeSegment } from "./output-name.js";

/** What an output name template may use: `{campaign}/{name}_{orientation}_{mode}`. */
export const PLACEHOLDERS = ["campaign", "name", "image", "video", "orientation", "mode", "model", "provider", "key"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

type Part = { literal: string } | { placeholder: Placeholder };

/** A parsed output name template: folders (split on `/` or `\`), each a list of literals and placeholders. */
export interface OutputTemplate {
  text: string;
  segments: Part[][];
}

/** Every output is an MP4; a template may end with it or not. */
export const OUTPUT_EXTENSION = ".mp4";

/**
 * Parses a template such as `{campaign}/{name}_{orientation}_{mode}`. A template names a path
 * inside the output folder: it may not be absolute, climb with `..`, or use a placeholder that
 * does not exist (all unknown ones are named). `.mp4` is added; writing it is allowed.
 */
export function parseOutputTemplate(text: string): OutputTemplate | { problem: string } {
  let body = text.trim();
  if (body.toLowerCase().endsWith(OUTPUT_EXTENSION)) body = body.slice(0, -OUTPUT_EXTENSION.length);
  if (body === "") return { problem: "the output name template is empty; e.g. {campaign}/{name}_{orientation}_{mode}" };
  if (/^[/\\]/.test(body) || /^[a-z]:/i.test(body))
    return { problem: `the output name template "${text}" must be relative to the output folder (no leading / or drive)` };
  const unknown = new Set<string>();
  const segments: Part[][] = [];
  for (const raw of body.split(/[/\\]/)) {
    if (raw === "") continue;
    if (raw.trim() === "." || raw.trim() === "..")
      return { problem: `the output name template "${text}" may not use "${raw.trim()}": outputs stay inside the output folder` };
    const parts: Part[] = [];
    const pattern = /\{([^{}]*)\}|[{}]|[^{}]+/g;
    for (const match of raw.matchAll(pattern)) {
      const [whole, name] = match;
      if (whole === "{" || whole === "}") return { problem: `the output name template "${text}" has an unmatched "${whole}"` };
      if (name === undefined) {
        parts.push({ literal: whole });
        continue;
      }
      const placeholder = name.trim().toLowerCase();
      if ((PLACEHOLDERS as readonly string[]).includes(placeholder)) parts.push({ placeholder: placeholder as Placeholder });
      else unknown.add(`{${name}}`);
    }
    segments.push(parts);
  }
  if (unknown.size > 0) {
    const list = [...unknown].join(", ");
    return {
      problem: `unknown placeholder${unknown.size === 1 ? "" : "s"} ${list} in the output name template; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`,
    };
  }
  return { text, segments };
}

/**
 * The output path of one job, relative to the output folder, with forward slashes and without the
 * extension (added once clashes between jobs are settled).
 * Every folder and the file name are made safe separately (safeSegment), so a value from a cell
 * can never add a folder, climb out, or be a reserved device name.
 */
export function renderOutputName(template: OutputTemplate, values: Readonly<Record<Placeholder, string>>): string {
  const segments = template.segments.map((parts) =>
    safeSegment(parts.map((part) => ("literal" in part ? part.literal : values[part.placeholder])).join("")),
  );
  return segments.join("/");
}
