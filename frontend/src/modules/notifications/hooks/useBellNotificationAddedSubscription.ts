import { useSubscription } from "urql";

import type { BellNotificationAddedSubscription } from "../../../generated/graphql";
import { BELL_NOTIFICATION_ADDED_SUBSCRIPTION } from "../graphql/bellNotificationAddedSubscription";

export type LiveNotification = BellNotificationAddedSubscription["notificationAdded"];

const MAX_LIVE = 50;

/** Notifications pushed since the bell mounted, newest first (at most 50). */
export const useBellNotificationAddedSubscription = ({ pause }: { pause: boolean }) =>
  useSubscription<BellNotificationAddedSubscription, LiveNotification[]>(
    { query: BELL_NOTIFICATION_ADDED_SUBSCRIPTION, pause },
    (previous = [], event) =>
      [event.notificationAdded, ...previous.filter((n) => n.id !== event.notificationAdded.id)].slice(0, MAX_LIVE),
  );
