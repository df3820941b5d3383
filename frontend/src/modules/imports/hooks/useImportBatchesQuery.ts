import { useEffect, useMemo } from "react";
import { useQuery } from "urql";

import { IMPORT_BATCHES_QUERY } from "../graphql/importBatchesQuery";
import { importPending } from "../utils/importBatchState";

/** How often the import page asks again while an import is queued or running. */
export const IMPORT_BATCHES_POLL_MS = 2000;

/** The viewer's imports, asked again every 2 s while any is queued or running (and after a start or an undo). */
export const useImportBatchesQuery = (pause = false) => {
  const context = useMemo(() => ({ additionalTypenames: ["ImportBatch"] }), []);
  const [result, reexecute] = useQuery({ query: IMPORT_BATCHES_QUERY, pause, context, requestPolicy: "cache-and-network" });
  const pending = result.data?.importBatches.some(importPending) ?? false;
  useEffect(() => {
    if (pause || !pending) return undefined;
    const timer = setInterval(() => reexecute({ requestPolicy: "network-only" }), IMPORT_BATCHES_POLL_MS);
    return () => clearInterval(timer);
  }, [pause, pending, reexecute]);
  return [result, reexecute] as const;
};
