import { graphql } from "../../../generated";

export const APPROVAL_DECIDE_MUTATION = graphql(`
  mutation ApprovalDecide($input: ApprovalDecideInput!) {
    approvalDecide(input: $input) {
      approval {
        id
        version
        status
        comment
        decidedAt
      }
      opportunity {
        id
        version
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
