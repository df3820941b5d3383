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
        id
        version
        status
        amount
        comment
        createdAt
        decidedAt
        toStage {
          id
          key
          name
        }
        requestedBy {
          id
          name
        }
        decidedBy {
          id
          name
        }
        opportunity {
          id
          name
          amount
          stage {
            id
            key
            name
          }
          customer {
            id
            name
          }
        }
      }
    }
  }
`);
