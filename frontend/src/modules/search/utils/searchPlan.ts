import type { PermissionIndex } from "../../permissions/utils/permissionIndex";

/** A whole or partial phone number (digits with the usual separators), e.g. 5678 or +86 138-1234-5678. */
const PHONE_LIKE = /^\+?[\d\s().-]{4,}$/;
const EMAIL_LIKE = /@/;

export type SearchKinds = {
  /** The viewer may search customers at all. */
  customers: boolean;
  /** ... and see their city. */
  customerCity: boolean;
  tickets: boolean;
  /** Leads by name or company (a lead search reads both). */
  leads: boolean;
  /** Opportunities by name. */
  opportunities: boolean;
  /** ... and see their customer's name. */
  opportunityCustomer: boolean;
};

/** Which kinds the viewer may search (each also needs read access to the fields the results show). */
export const searchKinds = (permissions: PermissionIndex): SearchKinds => ({
  customers: permissions.canQuery("customers") && permissions.has("Customer", "name", "READ"),
  customerCity: permissions.has("Customer", "city", "READ"),
  tickets:
    permissions.canQuery("tickets") &&
    permissions.has("Ticket", "number", "READ") &&
    permissions.has("Ticket", "subject", "READ") &&
    permissions.has("Ticket", "status", "READ"),
  leads: permissions.canQuery("leads") && permissions.has("Lead", "name", "READ") && permissions.has("Lead", "company", "READ"),
  opportunities: permissions.canQuery("opportunities") && permissions.has("Opportunity", "name", "READ"),
  opportunityCustomer: permissions.has("Opportunity", "customer", "READ") && permissions.has("Customer", "name", "READ"),
});

/** The viewer may search something. */
export const searchesAnything = (kinds: SearchKinds): boolean => kinds.customers || kinds.tickets || kinds.leads || kinds.opportunities;

export type SearchPlan = {
  withCustomers: boolean;
  withTickets: boolean;
  withLeads: boolean;
  withOpportunities: boolean;
  /** Customers were left out because the term is a phone or an email the viewer may not search by. */
  contactSearchDenied: boolean;
};

/**
 * What to ask for one term. Searching customers by a phone or an email needs unmasked read of contacts'
 * phones or emails (the server refuses it otherwise), so such terms only search tickets for other viewers; leads
 * and opportunities are searched by name (and company), each within the viewer's own rows.
 */
export const searchPlan = (term: string, kinds: SearchKinds, permissions: PermissionIndex): SearchPlan => {
  const phoneLike = PHONE_LIKE.test(term);
  const emailLike = EMAIL_LIKE.test(term);
  const contactAllowed =
    (!phoneLike || permissions.has("Contact", "phones", "READ")) && (!emailLike || permissions.has("Contact", "emails", "READ"));
  return {
    withCustomers: kinds.customers && contactAllowed,
    withTickets: kinds.tickets,
    // Leads and deals are found by name (and company): a phone number or an email names neither.
    withLeads: kinds.leads && !phoneLike && !emailLike,
    withOpportunities: kinds.opportunities && !phoneLike && !emailLike,
    contactSearchDenied: kinds.customers && !contactAllowed,
  };
};
