/** A manifest sheet as read from disk, before any validation: cells are text. */
export interface RawRow {
  /** The line a person sees in the file (1-based). */
  row: number;
  /** Normalized header -> cell text. Empty cells are absent. */
  cells: Record<string, string>;
}

export interface RawSheet {
  /** The path as the user wrote it (used in messages). */
  file: string;
  /** Absolute folder that relative input paths in this sheet are resolved against. */
  baseDir: string;
  rows: RawRow[];
  /** Cells applied where a row leaves a column empty (from a YAML campaign). */
  defaults: Record<string, string>;
}
