import { useMutation } from "urql";

import { TICKET_COMMENT_MUTATION } from "../graphql/ticketCommentMutation";

export const useTicketCommentMutation = () => useMutation(TICKET_COMMENT_MUTATION);
