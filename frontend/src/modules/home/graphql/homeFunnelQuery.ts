import { graphql } from "../../../generated";

/** The funnel of the deals opened in a period. */
export const HOME_FUNNEL_QUERY = graphql(`
  query HomeFunnel($from: Date!, $to: Date!) {
    salesFunnel(from: $from, to: $to) {
      stageKey
      stageName
      reached
      amount
      toNext
    }
  }
`);
