import { useMemo } from "react";
import { useQuery } from "urql";

import { usePermissions } from "../../permissions/hooks/usePermissions";
import { SERVICE_TICKET_QUERY } from "../graphql/serviceTicketQuery";
import { ticketDetailVariables } from "../utils/ticketFieldVariables";

/** One ticket with what this viewer may read of it (staff: SLA, notes, history; portal: the public side). */
export const useServiceTicketQuery = (id: string) => {
  const permissions = usePermissions();
  const variables = useMemo(() => ({ id, ...ticketDetailVariables(permissions) }), [id, permissions]);
  return useQuery({ query: SERVICE_TICKET_QUERY, variables });
};
