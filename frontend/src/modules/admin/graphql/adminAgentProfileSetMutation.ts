import { graphql } from "../../../generated";

export const ADMIN_AGENT_PROFILE_SET_MUTATION = graphql(`
  mutation AdminAgentProfileSet($input: AgentProfileInput!) {
    agentProfileSet(input: $input) {
      agentProfile {
        userId
        skills
        available
        maxOpen
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
