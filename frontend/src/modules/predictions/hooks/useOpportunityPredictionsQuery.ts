import { useQuery } from "urql";

import type { OpportunityPredictionsQueryVariables } from "../../../generated/graphql";
import { OPPORTUNITY_PREDICTIONS_QUERY } from "../graphql/opportunityPredictionsQuery";

export const useOpportunityPredictionsQuery = (variables: OpportunityPredictionsQueryVariables, pause = false) =>
  useQuery({ query: OPPORTUNITY_PREDICTIONS_QUERY, variables, pause });
