import { useMutation } from "urql";

import { TICKET_RESOLVE_MUTATION } from "../graphql/ticketResolveMutation";

export const useTicketResolveMutation = () => useMutation(TICKET_RESOLVE_MUTATION);
