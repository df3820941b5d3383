import { useMutation } from "urql";

import { PORTAL_TICKET_CREATE_MUTATION } from "../graphql/portalTicketCreateMutation";

export const usePortalTicketCreateMutation = () => useMutation(PORTAL_TICKET_CREATE_MUTATION);
