import { useMutation } from "urql";

import { TICKET_REOPEN_MUTATION } from "../graphql/ticketReopenMutation";

export const useTicketReopenMutation = () => useMutation(TICKET_REOPEN_MUTATION);
