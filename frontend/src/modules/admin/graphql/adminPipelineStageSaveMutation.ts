import { graphql } from "../../../generated";

export const ADMIN_PIPELINE_STAGE_SAVE_MUTATION = graphql(`
  mutation AdminPipelineStageSave($input: PipelineStageInput!) {
    pipelineStageSave(input: $input) {
      stage {
        ...AdminPipelineStageFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
