import { graphql } from "../../../generated";

export const PORTAL_KB_SEARCH_QUERY = graphql(`
  query PortalKbSearch($query: String, $first: Int, $offset: Int!) {
    kbSearch(query: $query, first: $first, offset: $offset) {
      ...KbArticleFields
    }
  }
`);
