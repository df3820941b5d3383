import { useQuery } from "urql";

import type { GlobalSearchQueryVariables } from "../../../generated/graphql";
import { GLOBAL_SEARCH_QUERY } from "../graphql/globalSearchQuery";

/** The header search; paused while there is nothing (allowed) to search for. */
export const useGlobalSearchQuery = (variables: GlobalSearchQueryVariables, pause: boolean) =>
  useQuery({ query: GLOBAL_SEARCH_QUERY, variables, pause });
