import { graphql } from "../../../generated";

/** Map the columns and values, choose the strategy and see what every row would do (nothing is written). */
export const IMPORT_PREVIEW_MUTATION = graphql(`
  mutation ImportPreview($input: ImportPreviewInput!) {
    importPreview(input: $input) {
      batch {
        ...ImportBatchFields
      }
      counts {
        create
        update
        skip
        conflict
        reject
      }
      rows {
        row
        action
        matchKey
        matchValue
        matchedRow
        reason
        problems {
          column
          message
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
