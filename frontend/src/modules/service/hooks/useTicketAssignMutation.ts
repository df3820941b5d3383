import { useMutation } from "urql";

import { TICKET_ASSIGN_MUTATION } from "../graphql/ticketAssignMutation";

export const useTicketAssignMutation = () => useMutation(TICKET_ASSIGN_MUTATION);
