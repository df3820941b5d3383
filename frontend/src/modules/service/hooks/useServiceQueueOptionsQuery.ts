import { useQuery } from "urql";

import { SERVICE_QUEUE_OPTIONS_QUERY } from "../graphql/serviceQueueOptionsQuery";

/** Teams, of which the service teams are the queues. */
export const useServiceQueueOptionsQuery = ({ pause }: { pause: boolean }) =>
  useQuery({ query: SERVICE_QUEUE_OPTIONS_QUERY, pause });
