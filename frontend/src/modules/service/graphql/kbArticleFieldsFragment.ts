import { graphql } from "../../../generated";

/** A knowledge-base article as the portal lists and shows it. */
export const KB_ARTICLE_FIELDS_FRAGMENT = graphql(`
  fragment KbArticleFields on KbArticle {
    id
    title
    body
    category
    tags
    publishedAt
    updatedAt
  }
`);
