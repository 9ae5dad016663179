import type { MediaRef } from "../media/media-ref.js";
import type { Mode, Model, Orientation } from "./columns.js";

/** One expanded combination: everything that decides what the provider makes (and bills). */
export interface JobSpec {
  provider: string;
  model: Model;
  mode: Mode;
  orientation: Orientation;
  image: MediaRef;
  video: MediaRef;
  prompt?: string;
  keepSound?: boolean;
  cfgScale?: number;
}

/** A manifest row that asked for a job. */
export interface RowRef {
  file: string;
  /** The line (CSV, YAML) or Excel's row number (XLSX), 1-based. */
  row: number;
  /** XLSX: the worksheet the row is on. */
  sheet?: string;
  /** XLSX: each manifest column's letters as Excel shows them (`{ video: "C" }`); see placeOf. */
  columnLetters?: Readonly<Record<string, string>>;
}

/** A job spec with its job key and the labels people gave it (labels do not change the key). */
export interface ExpandedJob {
  key: string;
  spec: JobSpec;
  campaign: string;
  name: string;
  /** Extra manifest columns, passed through to the report. */
  tags: Record<string, string>;
  rows: RowRef[];
  /** Where the output goes, relative to the output folder, with forward slashes. */
  outputName: string;
}
