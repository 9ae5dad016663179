import type { MediaRef } from "../media/media-ref.js";
import type { Mode, Model, Orientation } from "./columns.js";

/**
 * A Kling custom element made from a face reference video (Kling's `advanced-custom-elements`,
 * EvoLink's `kling-custom-element`). Created once per character and passed in `element_list`.
 */
export interface ElementSpec {
  video: MediaRef;
  /** Kling: at most 20 characters. */
  name: string;
  /** Kling: at most 100 characters. */
  description: string;
  /** The provider's element id, known only once the element job is done (never part of the job key). */
  id?: string;
}

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
  /** The character's custom element, for every job of that character. */
  element?: ElementSpec;
  /** Set on the job that creates an element (it makes no video). */
  kind?: "element";
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

/** The model, mode and orientation a person sees for a job: a job that creates an element has none. */
export function specLabels(spec: JobSpec): { model: string; mode: string; orientation: string } {
  if (spec.kind === "element") return { model: "custom-element", mode: "-", orientation: "-" };
  return { model: spec.model, mode: spec.mode, orientation: spec.orientation };
}
