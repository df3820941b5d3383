import { useQuery } from "urql";

import type { AuditLogFilter } from "../../../generated/graphql";
import { ADMIN_AUDIT_LOG_QUERY } from "../graphql/adminAuditLogQuery";

/** A page of the audit log; always fresh from the server (entries are written by every change). */
export const useAdminAuditLogQuery = (variables: { first: number; after: string | null; filter: AuditLogFilter }) =>
  useQuery({ query: ADMIN_AUDIT_LOG_QUERY, variables, requestPolicy: "cache-and-network" });
