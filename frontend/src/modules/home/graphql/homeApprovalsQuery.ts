import { graphql } from "../../../generated";

/** Approval requests waiting for a decision, oldest first. */
export const HOME_APPROVALS_QUERY = graphql(`
  query HomeApprovals($first: Int!) {
    approvals(first: $first) {
      totalCount
      nodes {
        ...ApprovalSummaryFields
      }
    }
  }
`);
