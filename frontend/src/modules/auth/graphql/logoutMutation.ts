import { graphql } from "../../../generated";

export const LOGOUT_MUTATION = graphql(`
  mutation Logout {
    logout {
      ok
    }
  }
`);
