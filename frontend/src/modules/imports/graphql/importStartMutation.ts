import { graphql } from "../../../generated";

/** Queue a previewed import; the import-run job writes it. */
export const IMPORT_START_MUTATION = graphql(`
  mutation ImportStart($input: ImportBatchInput!) {
    importStart(input: $input) {
      batch {
        ...ImportBatchFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
