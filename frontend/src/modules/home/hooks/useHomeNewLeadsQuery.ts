import { useQuery } from "urql";

import type { HomeNewLeadsQueryVariables } from "../../../generated/graphql";
import { HOME_NEW_LEADS_QUERY } from "../graphql/homeNewLeadsQuery";

export const useHomeNewLeadsQuery = (variables: HomeNewLeadsQueryVariables) => useQuery({ query: HOME_NEW_LEADS_QUERY, variables });
