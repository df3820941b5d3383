import { useQuery } from "urql";

import { SERVICE_AGENT_OPTIONS_QUERY } from "../graphql/serviceAgentOptionsQuery";

/** Agents and supervisors a ticket can go to, with their load. */
export const useServiceAgentOptionsQuery = ({ pause }: { pause: boolean }) =>
  useQuery({ query: SERVICE_AGENT_OPTIONS_QUERY, pause });
