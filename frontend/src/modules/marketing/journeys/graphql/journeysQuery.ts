import { graphql } from "../../../../generated";

export const JOURNEYS_QUERY = graphql(`
  query MarketingJourneys($first: Int!, $after: String) {
    journeys(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        status
        updatedAt
        stats {
          entered
          active
          done
        }
      }
    }
  }
`);
