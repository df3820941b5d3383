import { graphql } from "../../../generated";

export const SERVICE_QUEUE_OPTIONS_QUERY = graphql(`
  query ServiceQueueOptions {
    teams {
      id
      name
      kind
    }
  }
`);
