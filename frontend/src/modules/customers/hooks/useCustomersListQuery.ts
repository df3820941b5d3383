import { useQuery } from "urql";

import type { CustomersListQueryVariables } from "../../../generated/graphql";
import { CUSTOMERS_LIST_QUERY } from "../graphql/customersListQuery";

export const useCustomersListQuery = (variables: CustomersListQueryVariables) =>
  useQuery({ query: CUSTOMERS_LIST_QUERY, variables });
