import { graphql } from "../../../generated";

/** A pipeline stage as the admin's stage editor shows and edits it. */
export const ADMIN_PIPELINE_STAGE_FIELDS_FRAGMENT = graphql(`
  fragment AdminPipelineStageFields on PipelineStage {
    id
    version
    key
    name
    position
    probability
    requiresApproval
    approvalThreshold
    isWon
    isLost
  }
`);
