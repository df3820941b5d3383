import { useMutation } from "urql";

import { TICKET_ESCALATE_MUTATION } from "../graphql/ticketEscalateMutation";

export const useTicketEscalateMutation = () => useMutation(TICKET_ESCALATE_MUTATION);
