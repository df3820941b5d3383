import { graphql } from "../../../../generated";

export const JOURNEY_QUERY = graphql(`
  query MarketingJourney($id: ID!) {
    journey(id: $id) {
      ...JourneyFields
      enrollments(first: 50) {
        totalCount
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
