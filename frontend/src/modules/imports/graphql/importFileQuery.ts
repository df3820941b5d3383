import { graphql } from "../../../generated";

/** What an uploaded file holds: its sheets with their first rows, suggested columns and each column's values, and the
 * fields to fill. */
export const IMPORT_FILE_QUERY = graphql(`
  query ImportFile($batchId: ID!) {
    importFile(batchId: $batchId) {
      batch {
        id
        filename
        status
        total
      }
      encoding
      delimiter
      sheets {
        name
        headers
        rowCount
        sample
        suggested {
          header
          target
        }
        columnValues {
          header
          values
          distinct
        }
      }
      targets {
        key
        required
        many
      }
    }
  }
`);
