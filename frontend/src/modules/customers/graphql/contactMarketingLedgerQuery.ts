import { graphql } from "../../../generated";

/** Why did this contact get this: the contact's campaign and journey messages, newest first (the server's last 200). */
export const CONTACT_MARKETING_LEDGER_QUERY = graphql(`
  query ContactMarketingLedger($contactId: ID!) {
    contactMarketingLedger(contactId: $contactId) {
      campaign {
        id
        name
      }
      journey {
        id
        name
      }
      channel
      status
      skipReason
      address
      error
      createdAt
      sentAt
      deliveredAt
      events {
        kind
        at
        machine
      }
    }
  }
`);
