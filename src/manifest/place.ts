import type { RowRef } from "./job-spec.js";

/**
 * Where something sits in a manifest, as a person looks for it. CSV and YAML: file, line and column
 * name (`spring.csv:7:video`). XLSX adds the worksheet and the column's letter, and prints the way
 * Excel names a cell (`spring.xlsx Sheet1!C7`).
 */
export interface ManifestPlace {
  file: string;
  /** XLSX: the worksheet's name. */
  sheet?: string;
  /** The line (CSV, YAML) or Excel's row number (XLSX), 1-based. */
  row?: number;
  /** The manifest column (normalized header: `video`, `keep_sound`, a tag). */
  column?: string;
  /** XLSX: the column's letters as Excel shows them (`C`, `AB`); absent when the sheet has no such column. */
  columnLetter?: string;
}

/** The place of a row, or of one of its cells when `column` is given. Use it for every message about a row. */
export function placeOf(row: RowRef, column?: string): ManifestPlace {
  const place: ManifestPlace = { file: row.file, row: row.row };
  if (row.sheet !== undefined) place.sheet = row.sheet;
  if (column !== undefined) {
    place.column = column;
    const letter = row.columnLetters?.[column];
    if (letter !== undefined) place.columnLetter = letter;
  }
  return place;
}

/**
 * `file:row:column` for CSV and YAML; for XLSX `file Sheet1!C7`, or `file Sheet1 row 7, column video`
 * when the sheet has no such column (a required column that is missing).
 */
export function formatPlace(place: ManifestPlace): string {
  if (place.sheet === undefined) {
    let text = place.file;
    if (place.row !== undefined) text += `:${place.row}`;
    if (place.column !== undefined) text += `:${place.column}`;
    return text;
  }
  const sheet = sheetReference(place.sheet);
  if (place.row !== undefined && place.columnLetter !== undefined) return `${place.file} ${sheet}!${place.columnLetter}${place.row}`;
  let text = `${place.file} ${sheet}`;
  if (place.row !== undefined) text += ` row ${place.row}`;
  if (place.column !== undefined) text += `${place.row !== undefined ? "," : ""} column ${place.column}`;
  return text;
}

/** A sheet name as Excel writes it in a reference: quoted when it holds anything but letters, digits, `_` and `.`. */
export function sheetReference(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) ? name : `'${name.replaceAll("'", "''")}'`;
}

/** Excel's letters for a 1-based column number: 1 -> A, 26 -> Z, 27 -> AA. */
export function columnLetters(column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
