/** Minimal CSV reading for numeric tables (no quoted commas in the files we read). */
import { InputError } from "../../util/errors.ts";

/** Splits CSV text into trimmed rows of fields, dropping blank lines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === "") continue;
    rows.push(raw.split(",").map((f) => f.trim().replace(/^"(.*)"$/, "$1")));
  }
  return rows;
}

/** Parses a number field; anything else is a one-line InputError naming where. */
export function numberField(field: string, where: string): number {
  const v = Number(field);
  if (field === "" || !Number.isFinite(v)) {
    throw new InputError(`${where}: '${field}' is not a number`);
  }
  return v;
}

/**
 * A square matrix stored as a header row plus n rows whose first column is the row index
 * (pandas `to_csv` layout).
 */
export function parseIndexedMatrix(text: string, where: string): { n: number; data: Float64Array } {
  const rows = parseCsv(text);
  if (rows.length < 2) throw new InputError(`${where}: expected a header row and matrix rows`);
  const n = rows.length - 1;
  if (rows[0].length !== n + 1) {
    throw new InputError(
      `${where}: header has ${
        rows[0].length - 1
      } columns but there are ${n} rows (need a square matrix)`,
    );
  }
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = rows[i + 1];
    if (row.length !== n + 1) {
      throw new InputError(`${where}: row ${i + 1} has ${row.length - 1} values, expected ${n}`);
    }
    for (let j = 0; j < n; j++) data[i * n + j] = numberField(row[j + 1], `${where} row ${i + 1}`);
  }
  return { n, data };
}
