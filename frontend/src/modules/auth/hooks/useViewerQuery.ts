import { useMemo } from "react";
import { useQuery } from "urql";

import { VIEWER_QUERY } from "../graphql/viewerQuery";

/**
 * The signed-in user (null when nobody is). Signing in invalidates it: LoginPayload is listed so urql's
 * document cache refetches it after `login`. Signing out replaces the whole client instead.
 */
export const useViewerQuery = () => {
  const context = useMemo(() => ({ additionalTypenames: ["LoginPayload"] }), []);
  return useQuery({ query: VIEWER_QUERY, context });
};
