import { graphql } from "../../../generated";

/** Saved column and value mappings of customer files. */
export const IMPORT_TEMPLATES_QUERY = graphql(`
  query ImportTemplates {
    importTemplates {
      ...ImportTemplateFields
    }
  }
`);
