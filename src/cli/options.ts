import { type ParseArgsConfig, parseArgs } from "node:util";
import { MotionbatchError } from "../errors.js";

/** parseArgs with our error type: an unknown flag is a usage error with the command's help. */
export function parseOptions<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options: { ...options, debug: { type: "boolean" } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new MotionbatchError("E_USAGE", `${(error as Error).message}\nusage: ${usage}`);
  }
}

export function parseUsd(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/^\$/, ""));
  if (!Number.isFinite(value) || value < 0)
    throw new MotionbatchError("E_USAGE", `${flag} expects an amount in USD such as 25 or 12.50; got "${text}"`);
  return value;
}

export const DEFAULT_LEDGER = "motionbatch.sqlite";
export const DEFAULT_OUT = "out";
