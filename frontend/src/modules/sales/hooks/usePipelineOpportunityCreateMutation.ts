import { useMutation } from "urql";

import { PIPELINE_OPPORTUNITY_CREATE_MUTATION } from "../graphql/pipelineOpportunityCreateMutation";

export const usePipelineOpportunityCreateMutation = () => useMutation(PIPELINE_OPPORTUNITY_CREATE_MUTATION);
