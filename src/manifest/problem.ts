import { MotionbatchError } from "../errors.js";

/** Where a problem sits, as a person would look for it: file, row (line) and column. */
export interface ManifestPlace {
  file: string;
  row?: number;
  column?: string;
}

export interface ManifestProblem extends ManifestPlace {
  message: string;
}

export function formatPlace(place: ManifestPlace): string {
  let text = place.file;
  if (place.row !== undefined) text += `:${place.row}`;
  if (place.column !== undefined) text += `:${place.column}`;
  return text;
}

export function formatProblem(problem: ManifestProblem): string {
  return `${formatPlace(problem)}: ${problem.message}`;
}

/** Every problem found in the manifests, reported together so a person fixes them in one pass. */
export class ManifestError extends MotionbatchError {
  readonly problems: readonly ManifestProblem[];

  constructor(problems: readonly ManifestProblem[]) {
    const count = problems.length;
    super("E_MANIFEST", `${count} problem${count === 1 ? "" : "s"} in the manifest; nothing was spent`);
    this.problems = problems;
  }
}
