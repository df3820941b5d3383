import { useMemo } from "react";
import { useQuery } from "urql";

import type { PipelineOpportunitiesQueryVariables } from "../../../generated/graphql";
import { PIPELINE_OPPORTUNITIES_QUERY } from "../graphql/pipelineOpportunitiesQuery";

/**
 * A page of one column's opportunities. Listed under `Opportunity` so that an empty column is refetched
 * too when a card moves into it (urql only invalidates results that hold the mutation's types).
 */
export const usePipelineOpportunitiesQuery = (variables: PipelineOpportunitiesQueryVariables) => {
  const context = useMemo(() => ({ additionalTypenames: ["Opportunity"] }), []);
  return useQuery({ query: PIPELINE_OPPORTUNITIES_QUERY, variables, context });
};
