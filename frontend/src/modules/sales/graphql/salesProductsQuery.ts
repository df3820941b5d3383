import { graphql } from "../../../generated";

/** Products of the catalogue to put on a deal, by name or SKU. */
export const SALES_PRODUCTS_QUERY = graphql(`
  query SalesProducts($search: String) {
    products(search: $search) {
      id
      sku
      name
      category
      unitPrice
    }
  }
`);
