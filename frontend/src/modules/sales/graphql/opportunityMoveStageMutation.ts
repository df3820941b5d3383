import { graphql } from "../../../generated";

export const OPPORTUNITY_MOVE_STAGE_MUTATION = graphql(`
  mutation OpportunityMoveStage($input: OpportunityMoveStageInput!, $withApproval: Boolean!) {
    opportunityMoveStage(input: $input) {
      moved
      approval @include(if: $withApproval) {
        id
        status
        toStage {
          id
          key
          name
        }
      }
      opportunity {
        id
        version
        status
        stage {
          id
          key
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
