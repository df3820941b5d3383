import { useQuery } from "urql";

import type { HomeMyTicketsQueryVariables } from "../../../generated/graphql";
import { HOME_MY_TICKETS_QUERY } from "../graphql/homeMyTicketsQuery";

export const useHomeMyTicketsQuery = (variables: HomeMyTicketsQueryVariables) => useQuery({ query: HOME_MY_TICKETS_QUERY, variables });
