/**
 * One error class for everything motionbatch reports to a person. Each carries a stable `code`
 * (the CLI maps codes to exit codes), a one-line message, and the `cause` for --debug.
 */
export type ErrorCode =
  | "E_USAGE" // bad command line
  | "E_MANIFEST" // the manifest has problems; nothing was spent
  | "E_CONFIG" // missing key, bad base URL, ...
  | "E_INPUT" // an input file cannot be read or probed
  | "E_LEDGER" // the ledger file is unusable
  | "E_LEDGER_IN_USE" // another run holds the ledger
  | "E_NOT_CONFIRMED" // spending needs --yes
  | "E_SIMULATOR" // the built-in simulator could not start
  | "E_UPLOAD" // a local input could not be put in the upload store
  | "E_INTERNAL";

export class MotionbatchError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MotionbatchError";
    this.code = code;
  }
}

/** Exit codes of DESIGN.md: 0 done, 1 unexpected, 2 bad usage or manifest, 3 some failed, 4 halted, 130 interrupted. */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  someFailed: 3,
  halted: 4,
  interrupted: 130,
} as const;

export function exitCodeFor(error: unknown): number {
  if (!(error instanceof MotionbatchError)) return EXIT.unexpected;
  switch (error.code) {
    case "E_USAGE":
    case "E_MANIFEST":
    case "E_CONFIG":
    case "E_INPUT":
    case "E_NOT_CONFIRMED":
    case "E_LEDGER_IN_USE":
      return EXIT.usage;
    default:
      return EXIT.unexpected;
  }
}
