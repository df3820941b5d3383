import type { SalesPipelineStagesQuery } from "../../../generated/graphql";

/** A stage of the pipeline as the board reads it. */
export type PipelineStage = SalesPipelineStagesQuery["pipelineStages"][number];
