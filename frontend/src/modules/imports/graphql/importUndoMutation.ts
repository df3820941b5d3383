import { graphql } from "../../../generated";

/** Walk a finished import back: what it created removed, what it changed restored, what changed since kept. */
export const IMPORT_UNDO_MUTATION = graphql(`
  mutation ImportUndo($input: ImportBatchInput!) {
    importUndo(input: $input) {
      batch {
        ...ImportBatchFields
      }
      removed
      restored
      kept
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
