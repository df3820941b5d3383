import type { LeadFilter, LeadStatus } from "../../../generated/graphql";
import { isLeadStatus } from "../constants/leadStatuses";

/** The lead list's filters as the URL holds them: ?q=王&status=NEW&status=WORKING&owner=<id>&source=expo&unassigned=1 */
export type LeadListFilters = {
  /** Words of the name or the company. */
  search: string;
  statuses: LeadStatus[];
  ownerId: string | null;
  source: string;
  unassigned: boolean;
};

export const leadFiltersFromSearchParams = (params: URLSearchParams): LeadListFilters => ({
  search: params.get("q")?.trim() ?? "",
  statuses: params.getAll("status").filter(isLeadStatus),
  ownerId: params.get("owner"),
  source: params.get("source")?.trim() ?? "",
  unassigned: params.get("unassigned") === "1",
});

export const leadFiltersToSearchParams = (filters: LeadListFilters): URLSearchParams => {
  const params = new URLSearchParams();
  if (filters.search) params.set("q", filters.search);
  for (const status of filters.statuses) params.append("status", status);
  if (filters.ownerId && !filters.unassigned) params.set("owner", filters.ownerId);
  if (filters.source) params.set("source", filters.source);
  if (filters.unassigned) params.set("unassigned", "1");
  return params;
};

/** A link to the lead list showing these filters (the rest at their defaults). */
export const leadListPath = (filters: Partial<LeadListFilters>): string => {
  const query = leadFiltersToSearchParams({ search: "", statuses: [], ownerId: null, source: "", unassigned: false, ...filters }).toString();
  return query ? `/leads?${query}` : "/leads";
};

/** The API's filter for them (an owner and "unassigned" exclude each other: unassigned wins). */
export const leadFilterOf = (filters: LeadListFilters): LeadFilter => ({
  search: filters.search || null,
  statuses: filters.statuses.length > 0 ? filters.statuses : null,
  ownerIds: filters.ownerId && !filters.unassigned ? [filters.ownerId] : null,
  sources: filters.source ? [filters.source] : null,
  unassigned: filters.unassigned,
});
