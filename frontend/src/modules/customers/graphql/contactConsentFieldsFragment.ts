import { graphql } from "../../../generated";

/** A contact's consent on one channel, as the consent drawer shows it. */
export const CONTACT_CONSENT_FIELDS = graphql(`
  fragment ContactConsentFields on ContactConsent {
    channel
    granted
    source
    grantedAt
    revokedAt
    updatedAt
  }
`);
