import { graphql } from "../../../generated";

/** Create an article, change it, publish or unpublish it. */
export const KB_ARTICLE_SAVE_MUTATION = graphql(`
  mutation KbArticleSave($input: KbArticleSaveInput!) {
    kbArticleSave(input: $input) {
      article {
        ...KbEditorArticleFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
