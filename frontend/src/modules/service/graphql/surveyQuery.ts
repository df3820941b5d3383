import { graphql } from "../../../generated";

export const SURVEY_QUERY = graphql(`
  query Survey($token: String!) {
    survey(token: $token) {
      ticketNumber
      subject
      resolvedAt
      answered
      expired
      canRate
    }
  }
`);
