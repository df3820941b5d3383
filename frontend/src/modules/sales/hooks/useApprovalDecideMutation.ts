import { useMutation } from "urql";

import { APPROVAL_DECIDE_MUTATION } from "../graphql/approvalDecideMutation";

export const useApprovalDecideMutation = () => useMutation(APPROVAL_DECIDE_MUTATION);
