import type { LeadStatus } from "../../../generated/graphql";

export const LEAD_STATUSES: readonly LeadStatus[] = ["NEW", "WORKING", "QUALIFIED", "DISQUALIFIED", "CONVERTED"];

/** The statuses leadStatusSet accepts (CONVERTED only comes from leadConvert). */
export const SETTABLE_LEAD_STATUSES: readonly LeadStatus[] = ["NEW", "WORKING", "QUALIFIED", "DISQUALIFIED"];

export const isLeadStatus = (value: string): value is LeadStatus => (LEAD_STATUSES as readonly string[]).includes(value);

export const LEAD_STATUS_COLORS: Record<LeadStatus, string> = {
  NEW: "blue",
  WORKING: "processing",
  QUALIFIED: "green",
  DISQUALIFIED: "default",
  CONVERTED: "purple",
};
