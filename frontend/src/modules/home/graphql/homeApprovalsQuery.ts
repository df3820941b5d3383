import { graphql } from "../../../generated";

/** Approval requests waiting for a decision, oldest first. */
export const HOME_APPROVALS_QUERY = graphql(`
  query HomeApprovals($first: Int!) {
    approvals(first: $first) {
      totalCount
      nodes {
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
    }
  }
`);
