import { graphql } from "../../../../generated";

export const JOURNEY_ENROLLMENTS_QUERY = graphql(`
  query MarketingJourneyEnrollments($id: ID!, $first: Int!, $after: String) {
    journey(id: $id) {
      id
      enrollments(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          status
          currentNode
          enteredAt
          finishedAt
          error
          customer {
            id
            name
          }
        }
      }
    }
  }
`);
