import { graphql } from "../../../generated";

/** The viewer's new notifications as the server sends them. */
export const BELL_NOTIFICATION_ADDED_SUBSCRIPTION = graphql(`
  subscription BellNotificationAdded {
    notificationAdded {
      ...BellNotificationFields
    }
  }
`);
