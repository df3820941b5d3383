import { useCallback, useMemo, useState } from "react";
import { useClient, useQuery } from "urql";

import type { ServiceTicketsQuery, TicketFilter, TicketListFieldsFragment } from "../../../generated/graphql";
import { SERVICE_TICKETS_QUERY } from "../graphql/serviceTicketsQuery";
import type { TicketFieldVariables } from "../utils/ticketFieldVariables";

export const TICKET_PAGE_SIZE = 20;

type TicketConnection = ServiceTicketsQuery["tickets"];

type LoadedPages = {
  /** The variables the pages belong to: a new filter starts again from the first page. */
  key: string;
  pages: TicketConnection[];
};

/** Lets a mutation's Ticket refresh an empty list too (urql's document cache only knows typenames it saw). */
const CONTEXT = { additionalTypenames: ["Ticket"] };

/**
 * A ticket list with cursor pagination: the first page through urql (cached, refetched after ticket
 * mutations), further pages appended by `loadMore`.
 */
export const useServiceTicketsQuery = ({
  filter,
  fields,
  pause = false,
}: {
  filter: TicketFilter | null;
  fields: TicketFieldVariables;
  pause?: boolean;
}) => {
  const client = useClient();
  const key = JSON.stringify({ filter, ...fields });
  const variables = useMemo(
    () => ({ ...(JSON.parse(key) as { filter: TicketFilter | null } & TicketFieldVariables), first: TICKET_PAGE_SIZE }),
    [key],
  );
  const [result, reexecute] = useQuery({ query: SERVICE_TICKETS_QUERY, variables, pause, context: CONTEXT });
  const [more, setMore] = useState<LoadedPages>({ key, pages: [] });
  const [loadingMore, setLoadingMore] = useState(false);
  const extraPages = useMemo(() => (more.key === key ? more.pages : []), [more, key]);

  const first = result.data?.tickets;
  const last = extraPages.at(-1) ?? first;
  const rows = useMemo<TicketListFieldsFragment[]>(
    () => (first ? [first, ...extraPages].flatMap((page) => page.nodes) : []),
    [first, extraPages],
  );

  /** Appends the next page; false when it could not be loaded. */
  const loadMore = useCallback(async (): Promise<boolean> => {
    if (!last?.pageInfo.hasNextPage || loadingMore) return true;
    setLoadingMore(true);
    const next = await client
      .query(SERVICE_TICKETS_QUERY, { ...variables, after: last.pageInfo.endCursor }, { requestPolicy: "network-only" })
      .toPromise();
    setLoadingMore(false);
    if (next.data) {
      const page = next.data.tickets;
      setMore((current) => ({ key, pages: [...(current.key === key ? current.pages : []), page] }));
      return true;
    }
    return false;
  }, [client, key, last, loadingMore, variables]);

  const refresh = useCallback(() => {
    setMore({ key, pages: [] });
    reexecute({ requestPolicy: "network-only" });
  }, [key, reexecute]);

  return {
    rows,
    totalCount: first?.totalCount ?? 0,
    hasNextPage: last?.pageInfo.hasNextPage ?? false,
    fetching: result.fetching,
    loaded: Boolean(first),
    error: result.error,
    loadMore,
    loadingMore,
    refresh,
  };
};
