import { graphql } from "../../../generated";

export const VIEWER_QUERY = graphql(`
  query Viewer {
    viewer {
      id
      email
      name
      locale
      roles
      team {
        id
        name
      }
    }
  }
`);
