import { graphql } from "../../../generated";

export const OPPORTUNITY_LINES_SET_MUTATION = graphql(`
  mutation OpportunityLinesSet($input: OpportunityLinesSetInput!) {
    opportunityLinesSet(input: $input) {
      opportunity {
        id
        version
        amount
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
