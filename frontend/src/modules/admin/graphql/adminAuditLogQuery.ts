import { graphql } from "../../../generated";

export const ADMIN_AUDIT_LOG_QUERY = graphql(`
  query AdminAuditLog($first: Int, $after: String, $filter: AuditLogFilter) {
    auditLog(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        at
        entityType
        entityId
        action
        changes
        requestId
        actor {
          id
          name
          email
        }
      }
    }
  }
`);
