import type { CombinedError } from "@urql/core";
import { useCallback, useEffect, useState } from "react";
import { useClient } from "urql";

import type { Customer360TimelineQuery } from "../../../generated/graphql";
import { CUSTOMER_360_TIMELINE_QUERY } from "../graphql/customer360TimelineQuery";
import type { CustomerTimelineAccess } from "../utils/customerAccess";
import { mergeTimelineEdges, type TimelineEdge } from "../utils/timelineEntries";

const PAGE_SIZE = 20;

type Page = NonNullable<Customer360TimelineQuery["customer"]>["timeline"];

type LoadedTimeline = {
  /** Which request this is the answer to (customer, reload generation). */
  key: string;
  edges: TimelineEdge[];
  endCursor: string | null;
  hasNextPage: boolean;
  loadingMore: boolean;
  error: CombinedError | null;
};

/**
 * A customer's timeline, page by page ("load more" appends the next page). Entries added here (`prepend`,
 * e.g. a just-logged activity) stay on top without reloading what is already shown.
 */
export const useCustomer360Timeline = (customerId: string, access: CustomerTimelineAccess) => {
  const client = useClient();
  const [generation, setGeneration] = useState(0);
  const [loaded, setLoaded] = useState<LoadedTimeline | null>(null);
  const requestKey = `${customerId}:${generation}`;

  const fetchPage = useCallback(
    async (after: string | null): Promise<{ page: Page | null; error: CombinedError | null }> => {
      const result = await client
        .query(CUSTOMER_360_TIMELINE_QUERY, { id: customerId, first: PAGE_SIZE, after, ...access }, { requestPolicy: "network-only" })
        .toPromise();
      return { page: result.data?.customer?.timeline ?? null, error: result.error ?? null };
    },
    [client, customerId, access],
  );

  useEffect(() => {
    let current = true;
    void fetchPage(null).then(({ page, error }) => {
      if (!current) return;
      setLoaded({
        key: requestKey,
        edges: page?.edges ?? [],
        endCursor: page?.pageInfo.endCursor ?? null,
        hasNextPage: page?.pageInfo.hasNextPage ?? false,
        loadingMore: false,
        error,
      });
    });
    return () => {
      current = false;
    };
  }, [fetchPage, requestKey]);

  const timeline = loaded?.key === requestKey ? loaded : null;

  const loadMore = useCallback(async () => {
    if (!timeline || !timeline.hasNextPage || timeline.loadingMore) return;
    setLoaded((s) => (s && s.key === timeline.key ? { ...s, loadingMore: true } : s));
    const { page, error } = await fetchPage(timeline.endCursor);
    setLoaded((s) =>
      s && s.key === timeline.key
        ? {
            ...s,
            edges: page ? mergeTimelineEdges(s.edges, page.edges) : s.edges,
            endCursor: page?.pageInfo.endCursor ?? s.endCursor,
            hasNextPage: page ? page.pageInfo.hasNextPage : s.hasNextPage,
            loadingMore: false,
            error,
          }
        : s,
    );
  }, [fetchPage, timeline]);

  const prepend = useCallback(
    (edge: TimelineEdge) => setLoaded((s) => (s ? { ...s, edges: mergeTimelineEdges([edge], s.edges) } : s)),
    [],
  );

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  return {
    loading: timeline === null,
    edges: timeline?.edges ?? [],
    hasNextPage: timeline?.hasNextPage ?? false,
    loadingMore: timeline?.loadingMore ?? false,
    error: timeline?.error ?? null,
    loadMore,
    prepend,
    reload,
  };
};
