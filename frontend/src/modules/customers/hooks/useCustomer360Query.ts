import { useQuery } from "urql";

import type { Customer360QueryVariables } from "../../../generated/graphql";
import { CUSTOMER_360_QUERY } from "../graphql/customer360Query";

export const useCustomer360Query = (variables: Customer360QueryVariables) =>
  useQuery({ query: CUSTOMER_360_QUERY, variables });
