import { graphql } from "../../../generated";

export const OPPORTUNITY_UPDATE_MUTATION = graphql(`
  mutation OpportunityUpdate($input: OpportunityUpdateInput!) {
    opportunityUpdate(input: $input) {
      opportunity {
        id
        version
        name
        amount
        expectedClose
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
