import { useMemo } from "react";
import { useQuery } from "urql";

import type { ApprovalInboxQueryVariables } from "../../../generated/graphql";
import { APPROVAL_INBOX_QUERY } from "../graphql/approvalInboxQuery";

/** Approval requests; refetched after any decision or stage move (Approval is listed for empty pages). */
export const useApprovalInboxQuery = (variables: ApprovalInboxQueryVariables) => {
  const context = useMemo(() => ({ additionalTypenames: ["Approval"] }), []);
  return useQuery({ query: APPROVAL_INBOX_QUERY, variables, context });
};
