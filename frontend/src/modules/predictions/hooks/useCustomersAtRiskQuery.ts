import { useQuery } from "urql";

import type { CustomersAtRiskQueryVariables } from "../../../generated/graphql";
import { CUSTOMERS_AT_RISK_QUERY } from "../graphql/customersAtRiskQuery";

export const useCustomersAtRiskQuery = (variables: CustomersAtRiskQueryVariables) =>
  useQuery({ query: CUSTOMERS_AT_RISK_QUERY, variables });
