import { useQuery } from "urql";

import type { CustomerFilterOptionsQueryVariables } from "../../../generated/graphql";
import { CUSTOMER_FILTER_OPTIONS_QUERY } from "../graphql/customerFilterOptionsQuery";

/** Filter choices; not asked for at all when the viewer may see none of them. */
export const useCustomerFilterOptionsQuery = (variables: CustomerFilterOptionsQueryVariables) =>
  useQuery({
    query: CUSTOMER_FILTER_OPTIONS_QUERY,
    variables,
    pause: !Object.values(variables).some(Boolean),
  });
