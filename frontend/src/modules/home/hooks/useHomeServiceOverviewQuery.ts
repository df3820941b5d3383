import { useQuery } from "urql";

import type { HomeServiceOverviewQueryVariables } from "../../../generated/graphql";
import { HOME_SERVICE_OVERVIEW_QUERY } from "../graphql/homeServiceOverviewQuery";

export const useHomeServiceOverviewQuery = (variables: HomeServiceOverviewQueryVariables) => useQuery({ query: HOME_SERVICE_OVERVIEW_QUERY, variables });
