import type { LeadListQuery } from "../../../generated/graphql";

/** A lead as the lead list shows it. */
export type ListedLead = LeadListQuery["leads"]["nodes"][number];
