import { useCallback, useMemo, useState } from "react";
import { useClient, useQuery } from "urql";

import type { PortalKbSearchQuery } from "../../../generated/graphql";
import { PORTAL_KB_SEARCH_QUERY } from "../graphql/portalKbSearchQuery";

export const KB_PAGE_SIZE = 10;

type Article = PortalKbSearchQuery["kbSearch"][number];

/** Knowledge-base search, newest first for an empty query; `loadMore` fetches the next `offset`. */
export const usePortalKbSearchQuery = (query: string) => {
  const client = useClient();
  const variables = useMemo(() => ({ query: query || null, first: KB_PAGE_SIZE, offset: 0 }), [query]);
  const [result, reexecute] = useQuery({ query: PORTAL_KB_SEARCH_QUERY, variables });
  const [more, setMore] = useState<{ query: string; articles: Article[]; done: boolean }>({ query, articles: [], done: false });
  const [loadingMore, setLoadingMore] = useState(false);
  const extra = useMemo(() => (more.query === query ? more : { query, articles: [], done: false }), [more, query]);
  const firstPage = result.data?.kbSearch;
  const articles = useMemo(() => [...(firstPage ?? []), ...extra.articles], [firstPage, extra.articles]);
  const hasMore = Boolean(firstPage) && firstPage?.length === KB_PAGE_SIZE && !extra.done;

  const loadMore = useCallback(async () => {
    setLoadingMore(true);
    const next = await client
      .query(PORTAL_KB_SEARCH_QUERY, { ...variables, offset: articles.length }, { requestPolicy: "network-only" })
      .toPromise();
    setLoadingMore(false);
    const page = next.data?.kbSearch ?? [];
    setMore((current) => ({
      query,
      articles: [...(current.query === query ? current.articles : []), ...page],
      done: page.length < KB_PAGE_SIZE,
    }));
  }, [client, variables, articles.length, query]);

  return { articles, fetching: result.fetching, error: result.error, reexecute, hasMore, loadMore, loadingMore };
};
