import { graphql } from "../../../generated";

/** The customer's contacts with their consent per channel (the marketing consent drawer). */
export const CONTACT_MARKETING_CONSENTS_QUERY = graphql(`
  query ContactMarketingConsents($customerId: ID!) {
    customer(id: $customerId) {
      id
      contacts {
        id
        marketingConsents {
          ...ContactConsentFields
        }
      }
    }
  }
`);
