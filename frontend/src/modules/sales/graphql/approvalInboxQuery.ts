import { graphql } from "../../../generated";

export const APPROVAL_INBOX_QUERY = graphql(`
  query ApprovalInbox($first: Int!, $after: String, $filter: ApprovalFilter) {
    approvals(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...ApprovalSummaryFields
        version
        status
        comment
        decidedAt
        decidedBy {
          id
          name
        }
        opportunity {
          amount
          stage {
            id
            key
            name
          }
        }
      }
    }
  }
`);
