import { useMutation } from "urql";

import { TICKET_START_MUTATION } from "../graphql/ticketStartMutation";

export const useTicketStartMutation = () => useMutation(TICKET_START_MUTATION);
