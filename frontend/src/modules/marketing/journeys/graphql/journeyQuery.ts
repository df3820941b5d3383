import { graphql } from "../../../../generated";

export const JOURNEY_QUERY = graphql(`
  query MarketingJourney($id: ID!) {
    journey(id: $id) {
      ...JourneyFields
    }
  }
`);
