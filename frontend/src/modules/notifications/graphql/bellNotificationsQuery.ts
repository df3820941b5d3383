import { graphql } from "../../../generated";

/** The newest notifications for the header bell. */
export const BELL_NOTIFICATIONS_QUERY = graphql(`
  query BellNotifications($first: Int) {
    notifications(first: $first) {
      nodes {
        ...BellNotificationFields
      }
    }
  }
`);
