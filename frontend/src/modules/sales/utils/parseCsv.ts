/**
 * Splits CSV text into rows of cells (RFC 4180: quoted cells may hold commas, quotes doubled, line breaks).
 * A leading byte order mark is dropped; blank lines are skipped. Tabs separate cells instead of commas when
 * the first line has tabs and no commas (text pasted from a spreadsheet).
 */
export const parseCsv = (text: string): string[][] => {
  const source = text.replace(/^\uFEFF/, "");
  const firstLine = source.split(/\r?\n/, 1)[0] ?? "";
  const separator = firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let index = 0;

  const endRow = () => {
    row.push(cell);
    if (row.some((value) => value.trim() !== "")) rows.push(row);
    row = [];
    cell = "";
  };

  while (index < source.length) {
    const char = source[index] ?? "";
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        cell += '"';
        index += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else cell += char;
      index += 1;
      continue;
    }
    if (char === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (char === separator) {
      row.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      endRow();
      if (char === "\r" && source[index + 1] === "\n") index += 1;
    } else {
      cell += char;
    }
    index += 1;
  }
  if (cell !== "" || row.length > 0) endRow();
  return rows;
};
