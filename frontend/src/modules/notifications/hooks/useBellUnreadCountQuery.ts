import { useMemo } from "react";
import { useQuery } from "urql";

import { BELL_UNREAD_COUNT_QUERY } from "../graphql/bellUnreadCountQuery";
import { NOTIFICATION_TYPENAMES } from "../utils/notificationTypenames";

/** How many notifications are unread; refetched when one arrives or some are marked read. */
export const useBellUnreadCountQuery = ({ pause }: { pause: boolean }) => {
  const context = useMemo(() => ({ additionalTypenames: NOTIFICATION_TYPENAMES }), []);
  return useQuery({ query: BELL_UNREAD_COUNT_QUERY, pause, context });
};
