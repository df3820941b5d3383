import type { LeadFilter, LeadStatus } from "../../../generated/graphql";
import { isLeadStatus } from "../constants/leadStatuses";

/** The lead list's filters as the URL holds them: ?status=NEW&status=WORKING&owner=<id>&source=expo&unassigned=1 */
export type LeadListFilters = {
  statuses: LeadStatus[];
  ownerId: string | null;
  source: string;
  unassigned: boolean;
};

export const leadFiltersFromSearchParams = (params: URLSearchParams): LeadListFilters => ({
  statuses: params.getAll("status").filter(isLeadStatus),
  ownerId: params.get("owner"),
  source: params.get("source")?.trim() ?? "",
  unassigned: params.get("unassigned") === "1",
});

export const leadFiltersToSearchParams = (filters: LeadListFilters): URLSearchParams => {
  const params = new URLSearchParams();
  for (const status of filters.statuses) params.append("status", status);
  if (filters.ownerId && !filters.unassigned) params.set("owner", filters.ownerId);
  if (filters.source) params.set("source", filters.source);
  if (filters.unassigned) params.set("unassigned", "1");
  return params;
};

/** The API's filter for them (an owner and "unassigned" exclude each other: unassigned wins). */
export const leadFilterOf = (filters: LeadListFilters): LeadFilter => ({
  statuses: filters.statuses.length > 0 ? filters.statuses : null,
  ownerIds: filters.ownerId && !filters.unassigned ? [filters.ownerId] : null,
  sources: filters.source ? [filters.source] : null,
  unassigned: filters.unassigned,
});
