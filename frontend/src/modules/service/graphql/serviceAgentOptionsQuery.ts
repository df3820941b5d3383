import { graphql } from "../../../generated";

export const SERVICE_AGENT_OPTIONS_QUERY = graphql(`
  query ServiceAgentOptions {
    serviceAgents {
      user {
        id
        name
      }
      available
      openTickets
    }
  }
`);
