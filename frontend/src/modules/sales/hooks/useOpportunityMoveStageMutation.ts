import { useMutation } from "urql";

import { OPPORTUNITY_MOVE_STAGE_MUTATION } from "../graphql/opportunityMoveStageMutation";

export const useOpportunityMoveStageMutation = () => useMutation(OPPORTUNITY_MOVE_STAGE_MUTATION);
