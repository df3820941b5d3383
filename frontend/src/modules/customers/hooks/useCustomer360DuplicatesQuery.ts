import { useQuery } from "urql";

import type { Customer360DuplicatesQueryVariables } from "../../../generated/graphql";
import { CUSTOMER_360_DUPLICATES_QUERY } from "../graphql/customer360DuplicatesQuery";

export const useCustomer360DuplicatesQuery = (variables: Customer360DuplicatesQueryVariables, pause = false) =>
  useQuery({ query: CUSTOMER_360_DUPLICATES_QUERY, variables, pause });
