import { graphql } from "../../../generated";

/** Queue an export of a list with the variables it is shown with. */
export const EXPORT_START_MUTATION = graphql(`
  mutation ExportStart($input: ExportStartInput!) {
    exportStart(input: $input) {
      export {
        ...ExportFileFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
