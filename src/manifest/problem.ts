import { MotionbatchError } from "../errors.js";
import { formatPlace, type ManifestPlace } from "./place.js";

export interface ManifestProblem extends ManifestPlace {
  message: string;
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
