import { useMemo } from "react";
import { useQuery } from "urql";

import type { LeadListQueryVariables } from "../../../generated/graphql";
import { LEAD_LIST_QUERY } from "../graphql/leadListQuery";

/** A page of leads; refetched after lead mutations, also when the page was empty. */
export const useLeadListQuery = (variables: LeadListQueryVariables, pause = false) => {
  const context = useMemo(() => ({ additionalTypenames: ["Lead"] }), []);
  return useQuery({ query: LEAD_LIST_QUERY, variables, context, pause });
};
