import { graphql } from "../../../generated";

/** New (not yet worked) leads assigned to the viewer, newest first. */
export const HOME_NEW_LEADS_QUERY = graphql(`
  query HomeNewLeads($ownerId: ID!, $first: Int!) {
    leads(first: $first, filter: { ownerIds: [$ownerId], statuses: [NEW] }) {
      totalCount
      nodes {
        id
        name
        company
        source
        score
        createdAt
      }
    }
  }
`);
