import { useQuery } from "urql";

import type { HomeApprovalsQueryVariables } from "../../../generated/graphql";
import { HOME_APPROVALS_QUERY } from "../graphql/homeApprovalsQuery";

export const useHomeApprovalsQuery = (variables: HomeApprovalsQueryVariables) => useQuery({ query: HOME_APPROVALS_QUERY, variables });
