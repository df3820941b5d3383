import { graphql } from "../../../generated";

/** An import as the import page lists and follows it: where it stands and what it did. */
export const IMPORT_BATCH_FIELDS_FRAGMENT = graphql(`
  fragment ImportBatchFields on ImportBatch {
    id
    kind
    filename
    sheet
    status
    strategy
    total
    done
    created
    updated
    skipped
    rejected
    createdAt
    finishedAt
    undoneAt
    undoUntil
    error
  }
`);
