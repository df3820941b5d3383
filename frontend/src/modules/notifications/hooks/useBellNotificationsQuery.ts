import { useMemo } from "react";
import { useQuery } from "urql";

import { BELL_NOTIFICATIONS_QUERY } from "../graphql/bellNotificationsQuery";
import { NOTIFICATION_TYPENAMES } from "../utils/notificationTypenames";

/** The newest notifications; refetched when one arrives or some are marked read. */
export const useBellNotificationsQuery = ({ first, pause }: { first: number; pause: boolean }) => {
  const context = useMemo(() => ({ additionalTypenames: NOTIFICATION_TYPENAMES }), []);
  return useQuery({ query: BELL_NOTIFICATIONS_QUERY, variables: { first }, pause, context });
};
