import { graphql } from "../../../generated";

/** The viewer's own exports, newest first. */
export const MY_EXPORTS_QUERY = graphql(`
  query MyExports {
    myExports {
      ...ExportFileFields
    }
  }
`);
