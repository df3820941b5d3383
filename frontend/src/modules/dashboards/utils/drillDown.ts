import type { CustomerFilter, TicketFilter } from "../../../generated/graphql";
import { gradeOf, segmentOf } from "./enumKeys";

/** A group key the server sends for "unknown": nothing to filter on. */
const isUnknown = (value: string | null | undefined): value is null | undefined =>
  value === null || value === undefined || value.trim() === "" || value === "—";

const withParam = (path: string, param: string, value: string): string =>
  `${path}?${new URLSearchParams([[param, value]]).toString()}`;

/**
 * The customer list filtered on one value. Param names are CustomerFilter's field names (the customers page
 * reads them back), so `customersPath("provinces", "浙江省")` is `/customers?provinces=%E6%B5%99%E6%B1%9F%E7%9C%81`.
 */
export const customersPath = (param: keyof CustomerFilter & string, value: string | null | undefined): string | null =>
  isUnknown(value) ? null : withParam("/customers", param, value);

/** The pipeline board showing one stage. */
export const pipelineStagePath = (stageKey: string | null | undefined): string | null =>
  isUnknown(stageKey) ? null : withParam("/pipeline", "stage", stageKey);

/** The service console's ticket list filtered on one value (TicketFilter's field names). */
export const serviceTicketsPath = (param: keyof TicketFilter & string, value: string | null | undefined): string | null =>
  isUnknown(value) ? null : withParam("/service", param, value);

export type CustomerGroupsBy = "rfm" | "region" | "industry" | "grade";

const GROUP_FILTERS: Record<CustomerGroupsBy, keyof CustomerFilter & string> = {
  rfm: "rfmSegments",
  region: "provinces",
  industry: "industries",
  grade: "grades",
};

/**
 * The customer list filtered on a customerGroups group: `/customers?rfmSegments=HIGH_VALUE`, `?provinces=浙江省`,
 * `?industries=制造业`, `?grades=A` (groups arrive keyed by stored values, e.g. "high_value").
 */
export const customerGroupPath = (by: CustomerGroupsBy, key: string | null): string | null => {
  if (by === "rfm") return customersPath(GROUP_FILTERS.rfm, segmentOf(key));
  if (by === "grade") return customersPath(GROUP_FILTERS.grade, gradeOf(key));
  return customersPath(GROUP_FILTERS[by], key);
};

/** Groups in key order (A, B, C, D), the unknown group last. */
export const byKeyUnknownLast = (a: { key: string | null }, b: { key: string | null }): number =>
  a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1;
