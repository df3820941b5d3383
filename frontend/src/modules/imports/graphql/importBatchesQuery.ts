import { graphql } from "../../../generated";

/** The viewer's own imports, newest first. */
export const IMPORT_BATCHES_QUERY = graphql(`
  query ImportBatches {
    importBatches {
      ...ImportBatchFields
    }
  }
`);
