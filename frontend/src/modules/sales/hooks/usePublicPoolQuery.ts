import { useMemo } from "react";
import { useQuery } from "urql";

import type { PublicPoolQueryVariables } from "../../../generated/graphql";
import { PUBLIC_POOL_QUERY } from "../graphql/publicPoolQuery";

/**
 * A page of the public pool with the claims left today. Claims and allocations answer a Customer (not a
 * PoolCustomer), so those types are listed for urql to refetch the pool after them.
 */
export const usePublicPoolQuery = (variables: PublicPoolQueryVariables, pause = false) => {
  const context = useMemo(() => ({ additionalTypenames: ["Customer", "PoolPayload"] }), []);
  return useQuery({ query: PUBLIC_POOL_QUERY, variables, context, pause });
};
