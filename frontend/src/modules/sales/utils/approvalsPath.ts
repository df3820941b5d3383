import type { ApprovalTab } from "../components/ApprovalInbox";

/** The approvals page's tab, as its URL holds it (`?tab=decided`; pending by default). */
export const approvalTabOf = (params: URLSearchParams): ApprovalTab => (params.get("tab") === "decided" ? "decided" : "pending");

/** A link to the approvals page on a tab. */
export const approvalsPath = (tab: ApprovalTab = "pending"): string => (tab === "decided" ? "/approvals?tab=decided" : "/approvals");
