import type { ApprovalInboxQuery } from "../../../generated/graphql";

/** An approval request as the approvals inbox lists it. */
export type InboxApproval = ApprovalInboxQuery["approvals"]["nodes"][number];
