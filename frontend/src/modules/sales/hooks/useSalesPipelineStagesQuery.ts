import { useQuery } from "urql";

import { SALES_PIPELINE_STAGES_QUERY } from "../graphql/salesPipelineStagesQuery";

/** The pipeline's stages in position order; paused when the viewer may not ask. */
export const useSalesPipelineStagesQuery = (pause = false) => useQuery({ query: SALES_PIPELINE_STAGES_QUERY, pause });
