import { useQuery } from "urql";

import type { HomePoolWatchlistQueryVariables } from "../../../generated/graphql";
import { HOME_POOL_WATCHLIST_QUERY } from "../graphql/homePoolWatchlistQuery";

export const useHomePoolWatchlistQuery = (variables: HomePoolWatchlistQueryVariables) => useQuery({ query: HOME_POOL_WATCHLIST_QUERY, variables });
