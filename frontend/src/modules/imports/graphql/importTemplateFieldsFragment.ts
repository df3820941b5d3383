import { graphql } from "../../../generated";

/** A saved mapping: columns by header and old values' new ones. */
export const IMPORT_TEMPLATE_FIELDS_FRAGMENT = graphql(`
  fragment ImportTemplateFields on ImportTemplate {
    id
    name
    kind
    columns {
      header
      target
    }
    values {
      target
      source
      value
    }
  }
`);
