import { useQuery } from "urql";

import type { CustomerPredictionsQueryVariables } from "../../../generated/graphql";
import { CUSTOMER_PREDICTIONS_QUERY } from "../graphql/customerPredictionsQuery";

export const useCustomerPredictionsQuery = (variables: CustomerPredictionsQueryVariables, pause = false) =>
  useQuery({ query: CUSTOMER_PREDICTIONS_QUERY, variables, pause });
