import { graphql } from "../../../generated";

export const SALES_CUSTOMER_OPTIONS_QUERY = graphql(`
  query SalesCustomerOptions($search: String) {
    customers(first: 20, search: $search) {
      nodes {
        id
        name
        city
      }
    }
  }
`);
