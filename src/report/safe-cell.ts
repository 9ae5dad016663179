/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab or CR) as a formula. A cell
 * of user text gets a leading apostrophe so it stays text (OWASP's advice for CSV injection).
 */
export function safeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
