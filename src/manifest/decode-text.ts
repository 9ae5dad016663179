/**
 * The text of a file as spreadsheets save it: UTF-8 with or without a byte order mark, or UTF-16
 * with one ("Unicode text" in Excel). Anything else is refused with the line of the first bad
 * byte, rather than read as mojibake into names and prompts.
 */
export function decodeText(bytes: Uint8Array): { text: string } | { problem: string; row: number } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes) };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const loose = new TextDecoder("utf-8").decode(bytes);
    const bad = loose.indexOf("\uFFFD");
    const row = loose.slice(0, Math.max(bad, 0)).split("\n").length;
    return {
      problem: 'not UTF-8 text (an older encoding such as Windows-1252?): save it as "CSV UTF-8" and try again',
      row,
    };
  }
}
