import type { ImportFileQuery, ImportTemplateFieldsFragment } from "../../../generated/graphql";
import type { ImportKindKey } from "./importKinds";

export type ImportSheet = ImportFileQuery["importFile"]["sheets"][number];
export type ImportTarget = ImportFileQuery["importFile"]["targets"][number];

/** Each header's field (null: left out). */
export type ColumnMapping = Record<string, string | null>;
/** Per field, the file's values and what each becomes (empty: kept as it is). */
export type ValueMapping = Record<string, Record<string, string>>;

/** Per kind, the fields whose values an old system names its own way, and what Rapport takes for them (tags: any
 * text). */
export const VALUE_CHOICES = {
  customers: {
    grade: ["A", "B", "C", "D"],
    status: ["prospect", "active", "dormant", "lost"],
    kind: ["company", "person"],
    tags: null,
  },
  orders: {
    status: ["pending", "paid", "shipped", "completed", "cancelled", "refunded"],
    channel: ["online", "store", "phone", "wechat", "partner", "direct"],
  },
  tickets: {
    priority: ["low", "normal", "high", "urgent"],
    channel: ["phone", "email", "web", "portal", "wechat", "api"],
  },
} as const satisfies Record<ImportKindKey, Record<string, readonly string[] | null>>;

/** What a value field of a kind takes: its choices, or null for any text. */
export const valueChoices = (kind: ImportKindKey, target: string): readonly string[] | null =>
  (VALUE_CHOICES[kind] as Record<string, readonly string[] | null>)[target] ?? null;

/** The suggested mapping of a sheet's columns. */
export const suggestedColumns = (sheet: ImportSheet): ColumnMapping =>
  Object.fromEntries(sheet.headers.map((header) => [header, sheet.suggested.find((s) => s.header === header)?.target ?? null]));

/** The distinct non-empty values of a column over every row of the sheet, most frequent first (at most 50). */
export const columnValues = (sheet: ImportSheet, header: string, limit = Infinity): string[] =>
  (sheet.columnValues.find((column) => column.header === header)?.values ?? []).slice(0, limit);

/** The distinct values of the columns mapped to `target`, over every row of the sheet. */
export const targetValues = (sheet: ImportSheet, columns: ColumnMapping, target: string): string[] => {
  const values = new Set<string>();
  for (const header of sheet.headers) if (columns[header] === target) for (const value of columnValues(sheet, header)) values.add(value);
  return [...values];
};

/** The value fields of a kind some column fills. */
export const mappedValueTargets = (kind: ImportKindKey, columns: ColumnMapping): string[] =>
  Object.keys(VALUE_CHOICES[kind]).filter((target) => Object.values(columns).includes(target));

/** What keeps the mapping from a preview: required fields no column fills, single fields two columns fill. */
export const mappingProblems = (columns: ColumnMapping, targets: readonly ImportTarget[]) => {
  const filled = Object.values(columns).filter((target): target is string => target != null);
  const missing = targets.filter((target) => target.required && !filled.includes(target.key)).map((target) => target.key);
  const twice = targets.filter((target) => !target.many && filled.filter((key) => key === target.key).length > 1).map((target) => target.key);
  return { missing, twice };
};

/** The value mapping as the API takes it: only fields a column fills, only values given a new one. */
export const valueInputs = (columns: ColumnMapping, values: ValueMapping) => {
  const mapped = new Set(Object.values(columns));
  return Object.entries(values).flatMap(([target, table]) =>
    mapped.has(target)
      ? Object.entries(table)
          .filter(([, value]) => value.trim() !== "")
          .map(([source, value]) => ({ target, source, value: value.trim() }))
      : [],
  );
};

/** A template applied to a sheet: its columns where the sheet has the header (the others as they were), its values. */
export const applyTemplate = (
  template: Pick<ImportTemplateFieldsFragment, "columns" | "values">,
  headers: readonly string[],
  columns: ColumnMapping,
): { columns: ColumnMapping; values: ValueMapping } => {
  const byHeader = new Map(template.columns.map((column) => [column.header, column.target ?? null]));
  const values: ValueMapping = {};
  for (const { target, source, value } of template.values) (values[target] ??= {})[source] = value;
  return { columns: Object.fromEntries(headers.map((header) => [header, byHeader.has(header) ? (byHeader.get(header) ?? null) : (columns[header] ?? null)])), values };
};
