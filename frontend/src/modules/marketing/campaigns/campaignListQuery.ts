import { graphql } from "../../../generated";

export const CAMPAIGN_LIST_QUERY = graphql(`
  query CampaignList($first: Int!, $after: String, $filter: CampaignFilter) {
    campaigns(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        status
        channels
        audienceSize
        updatedAt
        progress {
          total
          sent
          skipped
          failed
        }
      }
    }
  }
`);
