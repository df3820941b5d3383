import { graphql } from "../../../generated";

export const SALES_FORCE_QUERY = graphql(`
  query SalesForce {
    salesForce {
      id
      name
      email
      team {
        id
        name
      }
    }
  }
`);
