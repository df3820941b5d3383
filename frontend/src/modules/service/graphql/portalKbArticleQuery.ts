import { graphql } from "../../../generated";

export const PORTAL_KB_ARTICLE_QUERY = graphql(`
  query PortalKbArticle($id: ID!) {
    kbArticle(id: $id) {
      ...KbArticleFields
    }
  }
`);
