import { graphql } from "../../../generated";

/**
 * An opportunity card on the pipeline board. Fields some viewers may not read are behind the variables
 * every operation spreading it declares ($withCustomer, $withOwner, $withApproval, $withWin).
 */
export const OPPORTUNITY_CARD_FIELDS_FRAGMENT = graphql(`
  fragment OpportunityCardFields on Opportunity {
    id
    version
    name
    amount
    status
    expectedClose
    stage {
      id
      key
    }
    customer @include(if: $withCustomer) {
      id
      name
    }
    owner @include(if: $withOwner) {
      id
      name
    }
    winProbability @include(if: $withWin) {
      probability
    }
    pendingApproval @include(if: $withApproval) {
      id
      status
      toStage {
        id
        key
        name
      }
    }
  }
`);
