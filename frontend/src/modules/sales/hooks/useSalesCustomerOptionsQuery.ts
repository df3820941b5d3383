import { useQuery } from "urql";

import { SALES_CUSTOMER_OPTIONS_QUERY } from "../graphql/salesCustomerOptionsQuery";

/** Up to 20 customers matching `search` (the newest without one), for a picker. */
export const useSalesCustomerOptionsQuery = (search: string, pause = false) =>
  useQuery({ query: SALES_CUSTOMER_OPTIONS_QUERY, variables: { search: search.trim() || null }, pause });
