import { useQuery } from "urql";

import type { HomeMyOpportunitiesQueryVariables } from "../../../generated/graphql";
import { HOME_MY_OPPORTUNITIES_QUERY } from "../graphql/homeMyOpportunitiesQuery";

export const useHomeMyOpportunitiesQuery = (variables: HomeMyOpportunitiesQueryVariables) => useQuery({ query: HOME_MY_OPPORTUNITIES_QUERY, variables });
