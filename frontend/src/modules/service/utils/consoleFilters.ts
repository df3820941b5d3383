import type { Priority, TicketFilter, TicketListFieldsFragment, TicketStatus } from "../../../generated/graphql";
import { OPEN_TICKET_STATUSES, PRIORITIES, TICKET_STATUSES } from "./ticketStatuses";

/** The console's two lists. */
export type ConsoleList = "mine" | "queue";

/** Filters kept in the console's URL, so a filtered console is a shareable link. */
export type ConsoleFilters = {
  list: ConsoleList;
  statuses: TicketStatus[];
  priorities: Priority[];
  categories: string[];
  queueId: string | null;
  assigneeId: string | null;
};

/** Who looks at the console: "mine" is theirs; a supervisor's queue is every open ticket they see. */
export type ConsoleViewer = {
  id: string;
  supervisor: boolean;
};

const listOf = (params: URLSearchParams, name: string): string[] =>
  (params.get(name) ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);

const isStatus = (value: string): value is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(value);
const isPriority = (value: string): value is Priority => (PRIORITIES as readonly string[]).includes(value);

export const parseConsoleFilters = (params: URLSearchParams): ConsoleFilters => ({
  list: params.get("tab") === "queue" ? "queue" : "mine",
  statuses: listOf(params, "status").filter(isStatus),
  priorities: listOf(params, "priority").filter(isPriority),
  categories: listOf(params, "category"),
  queueId: params.get("queue") || null,
  assigneeId: params.get("assignee") || null,
});

/** The URL search params for these filters (defaults left out). */
export const consoleFilterParams = (filters: ConsoleFilters): URLSearchParams => {
  const params = new URLSearchParams();
  if (filters.list === "queue") params.set("tab", "queue");
  if (filters.statuses.length > 0) params.set("status", filters.statuses.join(","));
  if (filters.priorities.length > 0) params.set("priority", filters.priorities.join(","));
  if (filters.categories.length > 0) params.set("category", filters.categories.join(","));
  if (filters.queueId) params.set("queue", filters.queueId);
  if (filters.assigneeId) params.set("assignee", filters.assigneeId);
  return params;
};

/** The server-side filter of one list. Without a status filter a list holds open tickets only. */
export const ticketFilterFor = (list: ConsoleList, filters: ConsoleFilters, viewer: ConsoleViewer): TicketFilter => {
  const filter: TicketFilter = {
    openOnly: filters.statuses.length === 0,
    statuses: filters.statuses.length > 0 ? filters.statuses : null,
    priorities: filters.priorities.length > 0 ? filters.priorities : null,
    categories: filters.categories.length > 0 ? filters.categories : null,
    queueIds: filters.queueId ? [filters.queueId] : null,
  };
  if (list === "mine") return { ...filter, assigneeIds: [viewer.id] };
  if (!viewer.supervisor) return { ...filter, unassigned: true };
  return { ...filter, assigneeIds: filters.assigneeId ? [filters.assigneeId] : null };
};

/**
 * The same filter in the browser, for tickets that live events changed: whether the ticket belongs in the list
 * now. Row scope needs no check: the server sends events only for tickets the viewer may see.
 */
export const ticketMatchesList = (
  ticket: TicketListFieldsFragment,
  list: ConsoleList,
  filters: ConsoleFilters,
  viewer: ConsoleViewer,
): boolean => {
  const filter = ticketFilterFor(list, filters, viewer);
  if (filter.openOnly && !OPEN_TICKET_STATUSES.has(ticket.status)) return false;
  if (filter.statuses && !filter.statuses.includes(ticket.status)) return false;
  if (filter.priorities && !filter.priorities.includes(ticket.priority)) return false;
  if (filter.categories && !filter.categories.includes(ticket.category)) return false;
  if (filter.queueIds && !(ticket.queue && filter.queueIds.includes(ticket.queue.id))) return false;
  if (filter.unassigned && ticket.assignee) return false;
  if (filter.assigneeIds && !(ticket.assignee && filter.assigneeIds.includes(ticket.assignee.id))) return false;
  return true;
};
