import { useCallback, useMemo, useState } from "react";
import { useClient, useQuery } from "urql";

import type { PredictionKind, PredictionModelRunsQuery } from "../../../generated/graphql";
import { PREDICTION_MODEL_RUNS_QUERY } from "../graphql/predictionModelRunsQuery";
import type { ModelRun } from "../utils/modelRuns";

/** Runs per page: about five months of weekly trainings. */
export const RUNS_PAGE_SIZE = 20;

type RunPage = PredictionModelRunsQuery["predictionModelRuns"];

/**
 * One model's training runs, newest first: the first page through urql, further pages appended by `loadMore`
 * (false when a page could not be loaded). Changing `kind` starts again from the first page.
 */
export const usePredictionModelRunsQuery = (kind: PredictionKind) => {
  const client = useClient();
  const [result, reexecute] = useQuery({ query: PREDICTION_MODEL_RUNS_QUERY, variables: { kind, first: RUNS_PAGE_SIZE } });
  const [more, setMore] = useState<{ kind: PredictionKind; pages: RunPage[] }>({ kind, pages: [] });
  const [loadingMore, setLoadingMore] = useState(false);
  const first = result.data?.predictionModelRuns;
  const pages = useMemo(() => (first ? [first, ...(more.kind === kind ? more.pages : [])] : []), [first, more, kind]);
  const last = pages.at(-1);
  const runs = useMemo<ModelRun[]>(() => pages.flatMap((page) => page.nodes), [pages]);

  const loadMore = useCallback(async (): Promise<boolean> => {
    if (!last?.pageInfo.hasNextPage || loadingMore) return true;
    setLoadingMore(true);
    const next = await client
      .query(PREDICTION_MODEL_RUNS_QUERY, { kind, first: RUNS_PAGE_SIZE, after: last.pageInfo.endCursor }, { requestPolicy: "network-only" })
      .toPromise();
    setLoadingMore(false);
    const page = next.data?.predictionModelRuns;
    if (!page) return false;
    setMore((current) => ({ kind, pages: [...(current.kind === kind ? current.pages : []), page] }));
    return true;
  }, [client, kind, last, loadingMore]);

  return {
    runs,
    totalCount: first?.totalCount ?? 0,
    hasNextPage: last?.pageInfo.hasNextPage ?? false,
    loaded: Boolean(first),
    error: result.error,
    retry: () => reexecute({ requestPolicy: "network-only" }),
    loadMore,
    loadingMore,
  };
};
