import { graphql } from "../../../generated";

export const CONTACT_CONSENT_SET_MUTATION = graphql(`
  mutation ContactConsentSet($input: ContactConsentSetInput!) {
    contactConsentSet(input: $input) {
      consents {
        ...ContactConsentFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
