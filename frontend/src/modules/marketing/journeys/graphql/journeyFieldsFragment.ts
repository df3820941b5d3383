import { graphql } from "../../../../generated";

export const JOURNEY_FIELDS_FRAGMENT = graphql(`
  fragment JourneyFields on Journey {
    id
    version
    name
    status
    allowReentry
    graph
    stats {
      entered
      active
      done
      exited
      failed
      perNode {
        nodeId
        reached
        waiting
      }
    }
  }
`);
