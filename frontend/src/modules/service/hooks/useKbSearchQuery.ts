import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useCallback, useMemo, useState } from "react";
import { useClient, useQuery } from "urql";

export const KB_PAGE_SIZE = 10;

type KbSearchVariables = { query?: string | null; first?: number | null; offset: number };

/**
 * A knowledge-base search (`kbSearch`), newest first for an empty query; `loadMore` fetches the next `offset`.
 * The document says what is selected: the portal's articles, or their editors' (drafts too).
 */
export const useKbSearchQuery = <Article,>(
  document: TypedDocumentNode<{ kbSearch: Article[] }, KbSearchVariables>,
  query: string,
) => {
  const client = useClient();
  const variables = useMemo(() => ({ query: query || null, first: KB_PAGE_SIZE, offset: 0 }), [query]);
  const [result, reexecute] = useQuery({ query: document, variables });
  const [more, setMore] = useState<{ query: string; articles: Article[]; done: boolean }>({ query, articles: [], done: false });
  const [loadingMore, setLoadingMore] = useState(false);
  const extra = useMemo(() => (more.query === query ? more : { query, articles: [], done: false }), [more, query]);
  const firstPage = result.data?.kbSearch;
  const articles = useMemo(() => [...(firstPage ?? []), ...extra.articles], [firstPage, extra.articles]);
  const hasMore = Boolean(firstPage) && firstPage?.length === KB_PAGE_SIZE && !extra.done;

  const loadMore = useCallback(async () => {
    setLoadingMore(true);
    const next = await client.query(document, { ...variables, offset: articles.length }, { requestPolicy: "network-only" }).toPromise();
    setLoadingMore(false);
    const page = next.data?.kbSearch ?? [];
    setMore((current) => ({
      query,
      articles: [...(current.query === query ? current.articles : []), ...page],
      done: page.length < KB_PAGE_SIZE,
    }));
  }, [client, document, variables, articles.length, query]);

  /** Start over from the first page (after a change). */
  const refresh = useCallback(() => {
    setMore({ query, articles: [], done: false });
    reexecute({ requestPolicy: "network-only" });
  }, [query, reexecute]);

  return { articles, fetching: result.fetching, error: result.error, reexecute, refresh, hasMore, loadMore, loadingMore };
};
