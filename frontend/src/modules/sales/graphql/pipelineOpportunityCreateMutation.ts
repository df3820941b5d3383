import { graphql } from "../../../generated";

export const PIPELINE_OPPORTUNITY_CREATE_MUTATION = graphql(`
  mutation PipelineOpportunityCreate($input: OpportunityCreateInput!) {
    opportunityCreate(input: $input) {
      opportunity {
        id
        version
        name
        stage {
          id
          key
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
