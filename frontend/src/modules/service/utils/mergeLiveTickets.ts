import type { TicketListFieldsFragment } from "../../../generated/graphql";

export type LiveTicketList = {
  rows: TicketListFieldsFragment[];
  /** The server's totalCount, corrected by what live events added and took away. */
  totalCount: number;
};

type MergeInput = {
  /** Rows of the pages loaded so far, newest first. */
  loaded: readonly TicketListFieldsFragment[];
  totalCount: number;
  hasNextPage: boolean;
  /** The latest state of every ticket live events told about. */
  live: ReadonlyMap<string, TicketListFieldsFragment>;
  /** Whether a ticket belongs in this list. */
  matches: (ticket: TicketListFieldsFragment) => boolean;
};

const newer = (a: TicketListFieldsFragment, b: TicketListFieldsFragment | undefined) =>
  b && b.version > a.version ? b : a;

/**
 * A list as it is now: the loaded rows, each replaced by a newer live state, dropped when it no longer matches,
 * plus live tickets that now match. A live ticket older than the last loaded row waits for its page (it is in
 * the part of the list not loaded yet). Newest first, like the server.
 */
export const mergeLiveTickets = ({ loaded, totalCount, hasNextPage, live, matches }: MergeInput): LiveTicketList => {
  const rows: TicketListFieldsFragment[] = [];
  const loadedIds = new Set<string>();
  let removed = 0;
  for (const row of loaded) {
    if (loadedIds.has(row.id)) continue;
    loadedIds.add(row.id);
    const current = newer(row, live.get(row.id));
    if (matches(current)) rows.push(current);
    else removed += 1;
  }
  const oldestLoaded = loaded.length > 0 ? Date.parse(loaded[loaded.length - 1]?.createdAt ?? "") : Number.NEGATIVE_INFINITY;
  let added = 0;
  for (const ticket of live.values()) {
    if (loadedIds.has(ticket.id) || !matches(ticket)) continue;
    if (hasNextPage && Date.parse(ticket.createdAt) < oldestLoaded) continue;
    rows.push(ticket);
    added += 1;
  }
  rows.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1));
  return { rows, totalCount: Math.max(rows.length, totalCount + added - removed) };
};
