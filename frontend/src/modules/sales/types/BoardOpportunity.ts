import type { OpportunityCardFieldsFragment } from "../../../generated/graphql";

/** An opportunity card on the pipeline board. */
export type BoardOpportunity = OpportunityCardFieldsFragment;
