import { graphql } from "../../../../generated";

export const JOURNEYS_QUERY = graphql(`
  query MarketingJourneys($first: Int!, $after: String, $includeArchived: Boolean!) {
    journeys(first: $first, after: $after, includeArchived: $includeArchived) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        version
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
