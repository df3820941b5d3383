import { useMutation } from "urql";

import { TICKET_WAIT_MUTATION } from "../graphql/ticketWaitMutation";

export const useTicketWaitMutation = () => useMutation(TICKET_WAIT_MUTATION);
