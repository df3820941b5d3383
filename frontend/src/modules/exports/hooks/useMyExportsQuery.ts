import { useEffect, useMemo } from "react";
import { useQuery } from "urql";

import { MY_EXPORTS_QUERY } from "../graphql/myExportsQuery";
import { exportPending } from "../utils/exportState";

/** How often My exports asks again while an export is queued or running. */
export const MY_EXPORTS_POLL_MS = 2000;

/** The viewer's exports, asked again every 2 s while any is queued or running (and after `exportStart`). */
export const useMyExportsQuery = (pause = false) => {
  const context = useMemo(() => ({ additionalTypenames: ["ExportFile"] }), []);
  const [result, reexecute] = useQuery({ query: MY_EXPORTS_QUERY, pause, context, requestPolicy: "cache-and-network" });
  const pending = result.data?.myExports.some(exportPending) ?? false;
  useEffect(() => {
    if (pause || !pending) return undefined;
    const timer = setInterval(() => reexecute({ requestPolicy: "network-only" }), MY_EXPORTS_POLL_MS);
    return () => clearInterval(timer);
  }, [pause, pending, reexecute]);
  return [result, reexecute] as const;
};
