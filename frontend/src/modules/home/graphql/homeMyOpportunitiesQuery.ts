import { graphql } from "../../../generated";

/** The viewer's open deals, newest first. */
export const HOME_MY_OPPORTUNITIES_QUERY = graphql(`
  query HomeMyOpportunities($ownerId: ID!, $first: Int!) {
    opportunities(first: $first, filter: { ownerIds: [$ownerId], statuses: [OPEN] }) {
      totalCount
      nodes {
        id
        name
        amount
        expectedClose
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
`);
