/** The manifest columns of DESIGN.md. Headers are matched case-insensitively; others pass through as tags. */
export const COLUMNS = [
  "campaign",
  "name",
  "image",
  "video",
  "orientation",
  "mode",
  "model",
  "prompt",
  "keep_sound",
  "cfg_scale",
  "provider",
  "element",
  "element_name",
  "element_description",
] as const;

export type Column = (typeof COLUMNS)[number];

export const ORIENTATIONS = ["image", "video"] as const;
export type Orientation = (typeof ORIENTATIONS)[number];

export const MODES = ["std", "pro"] as const;
export type Mode = (typeof MODES)[number];

export const MODELS = ["kling-v3", "kling-v2.6"] as const;
export type Model = (typeof MODELS)[number];

/** Used when neither the row nor the campaign's defaults say. */
export const COLUMN_DEFAULTS = {
  orientation: "video",
  mode: "std",
  model: "kling-v3",
} as const satisfies Partial<Record<Column, string>>;

/** Separator of several values in one cell: `a.png | b.png`. */
export const MULTI_VALUE_SEPARATOR = "|";

export function isColumn(name: string): name is Column {
  return (COLUMNS as readonly string[]).includes(name);
}

/** Header text -> column name: trimmed, lower case, spaces and dashes as underscores. */
export function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}
