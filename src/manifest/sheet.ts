import type { OutputTemplate } from "./output-template.js";

/** A manifest sheet as read from disk, before any validation: cells are text. */
export interface RawRow {
  /** The line (CSV, YAML) or Excel's row number (XLSX) a person sees, 1-based. */
  row: number;
  /** Normalized header -> cell text. Empty cells are absent. */
  cells: Record<string, string>;
  /** Columns whose cell already has a problem reported (a formula error): the row is not used. */
  failedColumns?: string[];
}

export interface RawSheet {
  /** The path as the user wrote it (used in messages). */
  file: string;
  /** XLSX: the worksheet's name. */
  sheet?: string;
  /** XLSX: each column's letters as Excel shows them (`{ video: "C" }`). */
  columnLetters?: Record<string, string>;
  /** Absolute folder that relative input paths in this sheet are resolved against. */
  baseDir: string;
  rows: RawRow[];
  /** Cells applied where a row leaves a column empty (from a YAML campaign). */
  defaults: Record<string, string>;
  /** How outputs are named (a YAML campaign's `output:`); absent: the default names. */
  outputTemplate?: OutputTemplate;
}
