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

export type AuditChange = { field: string; old: unknown; new: unknown; list: unknown[] | null };

/** `{field: [old, new]}` as rows; other shapes (a reveal's list of fields) are kept as they are. */
export const auditChanges = (changes: unknown): AuditChange[] => {
  if (Array.isArray(changes)) return [{ field: "", old: undefined, new: undefined, list: changes }];
  if (!changes || typeof changes !== "object") return [];
  return Object.entries(changes as Record<string, unknown>).map(([field, value]) =>
    Array.isArray(value) && value.length === 2
      ? { field, old: value[0], new: value[1], list: null }
      : { field, old: undefined, new: value, list: Array.isArray(value) ? value : null },
  );
};

/** A value of an audit change for display. */
export const auditValue = (value: unknown): string => {
  if (value === null || value === undefined || value === "") return "∅";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
};
