import type { PipelineOpportunitiesQuery } from "../../../generated/graphql";

/** An opportunity card on the pipeline board. */
export type BoardOpportunity = PipelineOpportunitiesQuery["opportunities"]["nodes"][number];
