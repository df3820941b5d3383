import dayjs from "dayjs";

import type { Channel, Priority, TicketFilter, TicketListFieldsFragment, TicketStatus } from "../../../generated/graphql";
import { CHANNELS, OPEN_TICKET_STATUSES, PRIORITIES, TICKET_STATUSES } from "./ticketStatuses";

/**
 * The console's lists: the viewer's own tickets, the queue (a supervisor's: every open ticket they see; an agent's:
 * the unassigned ones), and every ticket the viewer may see (a supervisor's queue already is that).
 */
export const CONSOLE_LISTS = ["mine", "queue", "all"] as const;
export type ConsoleList = (typeof CONSOLE_LISTS)[number];

/** Filters kept in the console's URL, so a filtered console is a shareable link. */
export type ConsoleFilters = {
  list: ConsoleList;
  statuses: TicketStatus[];
  /** Without statuses: resolved and closed tickets too (else open ones only). */
  includeClosed: boolean;
  priorities: Priority[];
  categories: string[];
  channels: Channel[];
  queueId: string | null;
  assigneeId: string | null;
  escalatedOnly: boolean;
  /** Created on or after this day, YYYY-MM-DD (local). */
  createdFrom: string | null;
  /** Created on or before this day (inclusive), YYYY-MM-DD (local). */
  createdTo: string | null;
};

/** Who looks at the console: "mine" is theirs; a supervisor's queue is every open ticket they see. */
export type ConsoleViewer = {
  id: string;
  supervisor: boolean;
};

/** URL parameter of each part of the filters: the one place links and the page agree on. */
const KEYS = {
  list: "tab",
  statuses: "status",
  includeClosed: "closed",
  priorities: "priority",
  categories: "category",
  channels: "channel",
  queueId: "queue",
  assigneeId: "assignee",
  escalatedOnly: "escalated",
  createdFrom: "from",
  createdTo: "to",
} as const satisfies Record<keyof ConsoleFilters, string>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const listOf = (params: URLSearchParams, name: string): string[] =>
  (params.get(name) ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);

const oneOf =
  <T extends string>(allowed: readonly T[]) =>
  (value: string): value is T =>
    (allowed as readonly string[]).includes(value);

const day = (value: string | null): string | null =>
  value && DAY.test(value) && dayjs(value).format("YYYY-MM-DD") === value ? value : null;

export const parseConsoleFilters = (params: URLSearchParams): ConsoleFilters => ({
  list: CONSOLE_LISTS.find((list) => list === params.get(KEYS.list)) ?? "mine",
  statuses: listOf(params, KEYS.statuses).filter(oneOf(TICKET_STATUSES)),
  includeClosed: params.get(KEYS.includeClosed) === "1",
  priorities: listOf(params, KEYS.priorities).filter(oneOf(PRIORITIES)),
  categories: listOf(params, KEYS.categories),
  channels: listOf(params, KEYS.channels).filter(oneOf(CHANNELS)),
  queueId: params.get(KEYS.queueId) || null,
  assigneeId: params.get(KEYS.assigneeId) || null,
  escalatedOnly: params.get(KEYS.escalatedOnly) === "1",
  createdFrom: day(params.get(KEYS.createdFrom)),
  createdTo: day(params.get(KEYS.createdTo)),
});

/** The URL search params for these filters (defaults left out). */
export const consoleFilterParams = (filters: ConsoleFilters): URLSearchParams => {
  const params = new URLSearchParams();
  if (filters.list !== "mine") params.set(KEYS.list, filters.list);
  for (const key of ["statuses", "priorities", "categories", "channels"] as const) {
    if (filters[key].length > 0) params.set(KEYS[key], filters[key].join(","));
  }
  if (filters.includeClosed) params.set(KEYS.includeClosed, "1");
  if (filters.queueId) params.set(KEYS.queueId, filters.queueId);
  if (filters.assigneeId) params.set(KEYS.assigneeId, filters.assigneeId);
  if (filters.escalatedOnly) params.set(KEYS.escalatedOnly, "1");
  if (filters.createdFrom) params.set(KEYS.createdFrom, filters.createdFrom);
  if (filters.createdTo) params.set(KEYS.createdTo, filters.createdTo);
  return params;
};

export const EMPTY_CONSOLE_FILTERS: ConsoleFilters = parseConsoleFilters(new URLSearchParams());

/** The filters the bar clears (everything but the list). */
export const clearedConsoleFilters = (filters: ConsoleFilters): ConsoleFilters => ({ ...EMPTY_CONSOLE_FILTERS, list: filters.list });

/** A link to the service console showing these filters (the rest at their defaults). */
export const serviceConsolePath = (filters: Partial<ConsoleFilters>): string => {
  const query = consoleFilterParams({ ...EMPTY_CONSOLE_FILTERS, ...filters }).toString();
  return query ? `/service?${query}` : "/service";
};

/** The list a viewer sees for the URL's list: a supervisor's queue already holds every ticket they may see. */
export const shownList = (list: ConsoleList, viewer: ConsoleViewer): ConsoleList =>
  list === "all" && viewer.supervisor ? "queue" : list;

/** Local midnight starting a day (YYYY-MM-DD), as the dashboards send their periods. */
const startOf = (value: string): string => dayjs(value).startOf("day").format();

/** The server-side filter of one list. Without a status filter a list holds open tickets only (unless asked). */
export const ticketFilterFor = (list: ConsoleList, filters: ConsoleFilters, viewer: ConsoleViewer): TicketFilter => {
  const filter: TicketFilter = {
    openOnly: filters.statuses.length === 0 && !filters.includeClosed,
    statuses: filters.statuses.length > 0 ? filters.statuses : null,
    priorities: filters.priorities.length > 0 ? filters.priorities : null,
    categories: filters.categories.length > 0 ? filters.categories : null,
    channels: filters.channels.length > 0 ? filters.channels : null,
    queueIds: filters.queueId ? [filters.queueId] : null,
    escalatedOnly: filters.escalatedOnly,
    createdFrom: filters.createdFrom ? startOf(filters.createdFrom) : null,
    createdTo: filters.createdTo ? startOf(dayjs(filters.createdTo).add(1, "day").format("YYYY-MM-DD")) : null,
  };
  if (list === "mine") return { ...filter, assigneeIds: [viewer.id] };
  if (list === "all") return { ...filter, assigneeIds: null };
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
  if (filter.channels && !filter.channels.includes(ticket.channel)) return false;
  if (filter.queueIds && !(ticket.queue && filter.queueIds.includes(ticket.queue.id))) return false;
  if (filter.unassigned && ticket.assignee) return false;
  if (filter.assigneeIds && !(ticket.assignee && filter.assigneeIds.includes(ticket.assignee.id))) return false;
  if (filter.escalatedOnly && !((ticket.escalationLevel ?? 0) > 0)) return false;
  if (filter.createdFrom && dayjs(ticket.createdAt).isBefore(filter.createdFrom)) return false;
  if (filter.createdTo && !dayjs(ticket.createdAt).isBefore(filter.createdTo)) return false;
  return true;
};
