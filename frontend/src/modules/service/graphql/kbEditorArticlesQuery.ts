import { graphql } from "../../../generated";

/** Articles for their editors, drafts included, newest first (`offset` pages on). */
export const KB_EDITOR_ARTICLES_QUERY = graphql(`
  query KbEditorArticles($query: String, $first: Int, $offset: Int!) {
    kbSearch(query: $query, first: $first, offset: $offset) {
      ...KbEditorArticleFields
    }
  }
`);
