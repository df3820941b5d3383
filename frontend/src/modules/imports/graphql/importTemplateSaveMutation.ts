import { graphql } from "../../../generated";

/** Save the current mapping under a name (the same name replaces it). */
export const IMPORT_TEMPLATE_SAVE_MUTATION = graphql(`
  mutation ImportTemplateSave($input: ImportTemplateInput!) {
    importTemplateSave(input: $input) {
      template {
        ...ImportTemplateFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
