import dayjs from "dayjs";

import type { AuditLogFilter } from "../../../generated/graphql";

export const AUDIT_FILTER_PARAMS = ["entityType", "entityId", "actorId", "action", "from", "to"] as const;
export type AuditFilterParam = (typeof AUDIT_FILTER_PARAMS)[number];
export type AuditFilterValues = Partial<Record<AuditFilterParam, string>>;

/** The audit filters held in the URL (?entityType=Customer&from=2026-01-01&to=2026-01-31...). */
export const auditFiltersFromParams = (params: URLSearchParams): AuditFilterValues => {
  const values: AuditFilterValues = {};
  for (const name of AUDIT_FILTER_PARAMS) {
    const value = params.get(name)?.trim();
    if (value) values[name] = value;
  }
  return values;
};

/** The GraphQL filter: `from` starts at that day's midnight, `to` includes its whole day (local time). */
export const auditFilterInput = (values: AuditFilterValues): AuditLogFilter => {
  const from = values.from ? dayjs(values.from) : null;
  const to = values.to ? dayjs(values.to) : null;
  return {
    entityType: values.entityType ?? null,
    entityId: values.entityId ?? null,
    actorId: values.actorId ?? null,
    action: values.action ?? null,
    atFrom: from?.isValid() ? from.startOf("day").toISOString() : null,
    atTo: to?.isValid() ? to.add(1, "day").startOf("day").toISOString() : null,
  };
};

/**
 * One line of an audit entry's changes: a field that went from `old` to `new` (what every write records, as
 * `{field: [old, new]}`), or a field recorded with its value (a read of sensitive fields lists the fields it read).
 */
export type AuditChange = { field: string } & ({ kind: "diff"; old: unknown; new: unknown } | { kind: "value"; value: unknown });

/** Actions whose changes are values, not [old, new] pairs: a read lists the fields read (two of them are no diff). */
const VALUE_ACTIONS: ReadonlySet<string> = new Set(["read_sensitive", "reveal"]);

/** The changes of an audit entry as lines, read the way its action wrote them. */
export const auditChanges = (changes: unknown, action: string): AuditChange[] => {
  if (Array.isArray(changes)) return [{ field: "", kind: "value", value: changes }];
  if (!changes || typeof changes !== "object") return [];
  const values = VALUE_ACTIONS.has(action);
  return Object.entries(changes as Record<string, unknown>).map(([field, value]): AuditChange =>
    !values && Array.isArray(value) && value.length === 2
      ? { field, kind: "diff", old: value[0], new: value[1] }
      : { field, kind: "value", value },
  );
};

/** A value of an audit change for display. */
export const auditValue = (value: unknown): string => {
  if (value === null || value === undefined || value === "") return "∅";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
};
