/**
 * JSON with integers wider than 2^53. Kling's element ids are 64-bit integers (e.g.
 * 863121023120580612): JSON.parse rounds them and JSON.stringify cannot write them from a string.
 * Ids are kept as decimal text; these two functions read and write them exactly.
 */

/** An integer written into JSON as a number, digit for digit. */
export class LongInteger {
  readonly digits: string;
  constructor(digits: string) {
    if (!/^-?\d+$/.test(digits)) throw new Error(`not an integer: "${digits}"`);
    this.digits = digits;
  }
  toJSON(): string {
    return `${MARK}${this.digits}${MARK}`;
  }
}

const MARK = "\u0001long\u0001";
const MARKED = /"\\u0001long\\u0001(-?\d+)\\u0001long\\u0001"/g;

/** JSON.stringify, writing every LongInteger as a bare number. */
export function stringifyWithLongs(value: unknown): string {
  return JSON.stringify(value).replace(MARKED, "$1");
}

/**
 * The values of a key in a JSON text, as written (digits of a number, or a string's content), in
 * order. For numbers JSON.parse would round.
 */
export function exactValuesOf(text: string, key: string): string[] {
  const pattern = new RegExp(`"${key.replace(/[^a-z0-9_]/gi, "")}"\\s*:\\s*(?:"([^"\\\\]*)"|(-?\\d+))`, "g");
  return [...text.matchAll(pattern)].map((m) => (m[1] ?? m[2]) as string);
}
