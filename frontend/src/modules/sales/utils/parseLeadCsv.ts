import type { LeadCreateInput } from "../../../generated/graphql";
import { parseCsv } from "./parseCsv";

/** Columns an import may have; each header cell is matched against these names (case-insensitive). */
export const LEAD_IMPORT_COLUMNS = {
  name: ["name", "姓名", "名字", "联系人"],
  source: ["source", "来源", "线索来源"],
  phone: ["phone", "电话", "手机", "手机号", "联系电话"],
  email: ["email", "e-mail", "邮箱", "电子邮件", "电子邮箱"],
  company: ["company", "公司", "公司名称", "单位"],
  title: ["title", "职位", "职务"],
  province: ["province", "省份", "省"],
  city: ["city", "城市", "市"],
  message: ["message", "留言", "备注", "需求"],
  score: ["score", "评分", "分数"],
} as const;

export type LeadImportColumn = keyof typeof LEAD_IMPORT_COLUMNS;

const COLUMN_NAMES = Object.keys(LEAD_IMPORT_COLUMNS) as LeadImportColumn[];

const columnOf = (header: string): LeadImportColumn | null => {
  const normalized = header.trim().toLowerCase();
  return COLUMN_NAMES.find((column) => (LEAD_IMPORT_COLUMNS[column] as readonly string[]).includes(normalized)) ?? null;
};

/** A problem found in the browser, before anything is sent; `row` counts data rows from 0 like the API. */
export type LeadImportProblem = {
  row: number;
  /** The row's name cell, to recognise it by. */
  name: string;
  field: LeadImportColumn;
  kind: "scoreInvalid";
};

export type LeadImportRow = {
  /** Index among the data rows (0 = the first line after the header). */
  row: number;
  input: LeadCreateInput;
};

export type LeadCsv = {
  /** Rows ready for leadBulkCreate, in order. */
  rows: LeadImportRow[];
  /** Rows left out because of problems the browser can see. */
  problems: LeadImportProblem[];
  /** Header cells that name no known column (their values are ignored). */
  unknownColumns: string[];
  /** True when the header has no name column: nothing can be imported. */
  missingName: boolean;
};

const EMPTY: LeadCsv = { rows: [], problems: [], unknownColumns: [], missingName: false };

/**
 * Reads an import file: the first line names the columns (English or Chinese, see LEAD_IMPORT_COLUMNS), each
 * further line is a lead. `defaultSource` fills rows without a source. Empty cells are left out. Phones,
 * emails and names are checked by the server, which reports each row's problems on its own.
 */
export const parseLeadCsv = (text: string, defaultSource: string): LeadCsv => {
  const [header, ...lines] = parseCsv(text);
  if (!header) return EMPTY;
  const columns = header.map(columnOf);
  const unknownColumns = header.filter((cell, index) => columns[index] === null && cell.trim() !== "").map((cell) => cell.trim());
  if (!columns.includes("name")) return { ...EMPTY, unknownColumns, missingName: true };

  const rows: LeadImportRow[] = [];
  const problems: LeadImportProblem[] = [];
  lines.forEach((cells, row) => {
    const values = new Map<LeadImportColumn, string>();
    cells.forEach((cell, index) => {
      const column = columns[index];
      const value = cell.trim();
      if (column && value !== "") values.set(column, value);
    });
    const input: LeadCreateInput = { name: values.get("name") ?? "", source: values.get("source") ?? defaultSource };
    for (const column of ["phone", "email", "company", "title", "province", "city", "message"] as const) {
      const value = values.get(column);
      if (value !== undefined) input[column] = value;
    }
    const score = values.get("score");
    if (score !== undefined) {
      const parsed = Number(score);
      if (!Number.isInteger(parsed) || parsed < 0 || parsed > 100) {
        problems.push({ row, name: input.name, field: "score", kind: "scoreInvalid" });
        return;
      }
      input.score = parsed;
    }
    rows.push({ row, input });
  });
  return { rows, problems, unknownColumns, missingName: false };
};

/** A row's problem as the import dialog lists it. */
export type LeadImportRowError = {
  /** Data row index from 0. */
  row: number;
  /** The column concerned, or null for the whole row. */
  field: string | null;
  message: string;
};

const ROW_FIELD = /^leads\.(\d+)(?:\.(.+))?$/;

/**
 * Maps leadBulkCreate's userErrors (`leads.N.field`, N counting the rows sent) back to the file's rows.
 * Errors about no row (e.g. too many rows, field "leads") come back with `row` null.
 */
export const leadImportErrorsOf = (
  userErrors: ReadonlyArray<{ field: string | null; message: string }>,
  sentRows: readonly LeadImportRow[],
): { rowErrors: LeadImportRowError[]; general: string[] } => {
  const rowErrors: LeadImportRowError[] = [];
  const general: string[] = [];
  for (const userError of userErrors) {
    const match = userError.field ? ROW_FIELD.exec(userError.field) : null;
    const sent = match ? sentRows[Number(match[1])] : undefined;
    if (!match || !sent) {
      general.push(userError.message);
      continue;
    }
    rowErrors.push({ row: sent.row, field: match[2] ?? null, message: userError.message });
  }
  return { rowErrors, general };
};
