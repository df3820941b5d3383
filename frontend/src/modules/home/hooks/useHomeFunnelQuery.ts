import { useQuery } from "urql";

import type { HomeFunnelQueryVariables } from "../../../generated/graphql";
import { HOME_FUNNEL_QUERY } from "../graphql/homeFunnelQuery";

export const useHomeFunnelQuery = (variables: HomeFunnelQueryVariables) => useQuery({ query: HOME_FUNNEL_QUERY, variables });
