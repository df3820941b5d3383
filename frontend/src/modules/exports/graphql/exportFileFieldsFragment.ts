import { graphql } from "../../../generated";

/** An export as My exports lists it: where it stands and, once done, its file. */
export const EXPORT_FILE_FIELDS_FRAGMENT = graphql(`
  fragment ExportFileFields on ExportFile {
    id
    list
    format
    status
    rows
    filename
    createdAt
    finishedAt
    expiresAt
    ready
    error
  }
`);
