/** Typenames whose change makes the bell's queries refetch (urql's document cache `additionalTypenames`). */
export const NOTIFICATION_TYPENAMES = ["Notification", "NotificationMarkReadPayload"];
