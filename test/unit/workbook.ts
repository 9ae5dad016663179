import ExcelJS from "exceljs";

export interface SheetSpec {
  name: string;
  state?: "visible" | "hidden";
  /** Rows from row 1; `undefined` leaves a cell (or, as a whole row, the row) empty. */
  rows: (ExcelJS.CellValue | undefined)[][];
  /** Ranges to merge, e.g. `D2:D3`. */
  merges?: string[];
}

/** Writes a real .xlsx with exceljs (for cases LibreOffice cannot make from text: errors, unsaved formulas, sheets). */
export async function writeWorkbook(path: string, sheets: SheetSpec[]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, { state: spec.state ?? "visible" });
    spec.rows.forEach((cells, r) => {
      cells.forEach((value, c) => {
        if (value !== undefined) sheet.getCell(r + 1, c + 1).value = value;
      });
    });
    for (const range of spec.merges ?? []) sheet.mergeCells(range);
  }
  await workbook.xlsx.writeFile(path);
  return path;
}
