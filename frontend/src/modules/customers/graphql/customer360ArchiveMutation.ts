import { graphql } from "../../../generated";

export const CUSTOMER_360_ARCHIVE_MUTATION = graphql(`
  mutation Customer360Archive($input: CustomerVersionInput!) {
    customerArchive(input: $input) {
      customer {
        id
        version
        archivedAt
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
