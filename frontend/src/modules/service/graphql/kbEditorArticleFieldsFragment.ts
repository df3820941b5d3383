import { graphql } from "../../../generated";

/** A knowledge-base article as its editors list and change it (drafts too). */
export const KB_EDITOR_ARTICLE_FIELDS_FRAGMENT = graphql(`
  fragment KbEditorArticleFields on KbArticle {
    id
    version
    title
    body
    category
    tags
    status
    publishedAt
    updatedAt
  }
`);
