import { customerListPath } from "../../customers/utils/customerListParams";
import { approvalsPath } from "../../sales/utils/approvalsPath";
import { leadListPath } from "../../sales/utils/leadFiltersFromSearchParams";
import { opportunityListPath } from "../../sales/utils/opportunityListParams";
import { serviceConsolePath } from "../../service/utils/consoleFilters";
import { categoryOf, channelOf, gradeOf, segmentOf, ticketStatusOf } from "./enumKeys";

/**
 * Drill-downs: for each figure the app shows, the list that holds exactly the rows the figure counts. Every link
 * is built by the target page's own URL builder (`customerListPath`, `serviceConsolePath`, `opportunityListPath`,
 * `leadListPath`, `approvalsPath`), from the page's state type, so a link can only name parameters the page
 * reads (`drillDown.test.ts` checks each builder against the page's parser and the filter it then sends).
 */

/** The days a figure counts: first and last, inclusive, YYYY-MM-DD. */
export type DrillPeriod = { from: string; last: string };

/** A group key the server sends for "unknown": nothing to filter on. */
const isUnknown = (value: string | null | undefined): value is null | undefined =>
  value === null || value === undefined || value.trim() === "" || value === "—";

export type CustomerGroupsBy = "rfm" | "region" | "industry" | "grade";

const lastDayOfMonth = (month: string): string => {
  const [year = 0, number = 1] = month.split("-").map(Number);
  const last = new Date(Date.UTC(year, number, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, "0")}`;
};

/** The later / earlier of two YYYY-MM-DD days. */
const later = (a: string, b: string): string => (a > b ? a : b);
const earlier = (a: string, b: string): string => (a < b ? a : b);

export const drillDowns = {
  /** customerGroups: the customers of a group (groups arrive keyed by stored values, e.g. "high_value"). */
  customerGroup: (by: CustomerGroupsBy, key: string | null): string | null => {
    if (by === "rfm") {
      const segment = segmentOf(key);
      return segment ? customerListPath({ rfmSegments: [segment] }) : null;
    }
    if (by === "grade") {
      const grade = gradeOf(key);
      return grade ? customerListPath({ grades: [grade] }) : null;
    }
    if (isUnknown(key)) return null;
    return by === "region" ? customerListPath({ provinces: [key] }) : customerListPath({ industries: [key] });
  },

  /** salesFunnel: the deals opened in the period that reached the stage or a later one. */
  funnelStep: (stageKey: string, period: DrillPeriod): string | null =>
    isUnknown(stageKey) ? null : opportunityListPath({ reachedStage: stageKey, createdFrom: period.from, createdTo: period.last }),

  /** salesPerformance's `won`: the deals of a region, rep or month won in the period. */
  wonDeals: (group: { province: string | null } | { ownerId: string | null } | { month: string | null }, period: DrillPeriod): string | null => {
    const closed = { statuses: ["WON" as const], closedFrom: period.from, closedTo: period.last };
    if ("province" in group) return isUnknown(group.province) ? null : opportunityListPath({ ...closed, provinces: [group.province] });
    if ("ownerId" in group) return group.ownerId ? opportunityListPath({ ...closed, ownerIds: [group.ownerId] }) : null;
    if (!group.month || !/^\d{4}-\d{2}$/.test(group.month)) return null;
    const closedFrom = later(`${group.month}-01`, period.from);
    const closedTo = earlier(lastDayOfMonth(group.month), period.last);
    return closedFrom <= closedTo ? opportunityListPath({ ...closed, closedFrom, closedTo }) : null;
  },

  /** salesPerformance's `open`: a rep's deals opened in the period and still open. */
  openDeals: (ownerId: string | null, period: DrillPeriod): string | null =>
    ownerId ? opportunityListPath({ statuses: ["OPEN"], ownerIds: [ownerId], createdFrom: period.from, createdTo: period.last }) : null,

  /** serviceStats' backlog: every open ticket the viewer sees (in one status). */
  openTickets: (statusKey?: string | null): string | null => {
    if (statusKey === undefined) return serviceConsolePath({ list: "all" });
    const status = ticketStatusOf(statusKey);
    return status ? serviceConsolePath({ list: "all", statuses: [status] }) : null;
  },

  /** serviceStats' volume: the tickets of a category or channel created in the period, whatever their status. */
  ticketVolume: (by: "category" | "channel", key: string | null, period: DrillPeriod): string | null => {
    const created = { list: "all" as const, includeClosed: true, createdFrom: period.from, createdTo: period.last };
    if (by === "channel") {
      const channel = channelOf(key);
      return channel ? serviceConsolePath({ ...created, channels: [channel] }) : null;
    }
    const category = categoryOf(key) ?? key;
    return isUnknown(category) ? null : serviceConsolePath({ ...created, categories: [category] });
  },

  /** Open escalated tickets the viewer sees. */
  escalatedTickets: (): string => serviceConsolePath({ list: "all", escalatedOnly: true }),

  /** Open tickets assigned to the viewer. */
  myTickets: (): string => serviceConsolePath({ list: "mine" }),

  /** A rep's open deals. */
  myOpenDeals: (ownerId: string): string => opportunityListPath({ statuses: ["OPEN"], ownerIds: [ownerId] }),

  /** A rep's new (not yet worked) leads. */
  myNewLeads: (ownerId: string): string => leadListPath({ statuses: ["NEW"], ownerId }),

  /** Stage moves waiting for a decision. */
  pendingApprovals: (): string => approvalsPath("pending"),
} as const;

export type DrillDownKind = keyof typeof drillDowns;

/** Groups in key order (A, B, C, D), the unknown group last. */
export const byKeyUnknownLast = (a: { key: string | null }, b: { key: string | null }): number =>
  a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1;
