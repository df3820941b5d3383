import { useMutation } from "urql";

import { TICKET_RATE_MUTATION } from "../graphql/ticketRateMutation";

export const useTicketRateMutation = () => useMutation(TICKET_RATE_MUTATION);
