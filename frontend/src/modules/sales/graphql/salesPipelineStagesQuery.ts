import { graphql } from "../../../generated";

export const SALES_PIPELINE_STAGES_QUERY = graphql(`
  query SalesPipelineStages {
    pipelineStages {
      id
      key
      name
      position
      probability
      requiresApproval
      approvalThreshold
      isWon
      isLost
    }
  }
`);
