import { graphql } from "../../../generated";

export const LEAD_CONVERT_MUTATION = graphql(`
  mutation LeadConvert($input: LeadConvertInput!) {
    leadConvert(input: $input) {
      lead {
        id
        version
        status
      }
      customer {
        id
        name
      }
      opportunity {
        id
        name
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
