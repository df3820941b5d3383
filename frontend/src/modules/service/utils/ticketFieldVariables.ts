import type { PermissionIndex } from "../../permissions/utils/permissionIndex";

/** The @include variables of TicketListFields: what of a ticket this viewer may read. */
export type TicketFieldVariables = {
  withSla: boolean;
  withEscalation: boolean;
  withQueue: boolean;
  withCustomer: boolean;
};

/** The @include variables of the ticket page's query. */
export type TicketDetailVariables = TicketFieldVariables & {
  withContact: boolean;
  withContactPhones: boolean;
  withNotes: boolean;
  withHistory: boolean;
};

/**
 * One document serves every viewer: staff read the SLA, queue, customer and internal notes, portal customers
 * only their own ticket's public side. The server refuses a whole operation that selects an unreadable field,
 * so each optional part is asked for only when the viewer's permissions allow it.
 */
export const ticketDetailVariables = (permissions: PermissionIndex): TicketDetailVariables => {
  const withContact = permissions.has("Ticket", "contact") && permissions.has("Contact", "name");
  return {
    withSla: permissions.has("Ticket", "sla") && permissions.has("Ticket", "firstRespondedAt"),
    withEscalation: permissions.has("Ticket", "escalationLevel") && permissions.has("Ticket", "reopenCount"),
    withQueue: permissions.has("Ticket", "queue"),
    withCustomer: permissions.has("Ticket", "customer") && permissions.has("Customer", "name"),
    withContact,
    withContactPhones: withContact && permissions.has("Contact", "phones"),
    withNotes: permissions.has("Ticket", "internalNotes"),
    withHistory: permissions.has("Ticket", "history"),
  };
};

export const ticketFieldVariables = (permissions: PermissionIndex): TicketFieldVariables => {
  const { withSla, withEscalation, withQueue, withCustomer } = ticketDetailVariables(permissions);
  return { withSla, withEscalation, withQueue, withCustomer };
};
