import { graphql } from "../../../generated";

/** An approval request in a list: what is asked (the stage, the amount), by whom, for which deal. */
export const APPROVAL_SUMMARY_FIELDS_FRAGMENT = graphql(`
  fragment ApprovalSummaryFields on Approval {
    id
    amount
    createdAt
    toStage {
      id
      key
      name
    }
    requestedBy {
      id
      name
    }
    opportunity {
      id
      name
      customer {
        id
        name
      }
    }
  }
`);
