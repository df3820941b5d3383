import { graphql } from "../../../generated";

/** A page of the viewer's notifications for the "all notifications" page, newest first. */
export const NOTIFICATIONS_PAGE_QUERY = graphql(`
  query NotificationsPage($first: Int, $after: String, $unreadOnly: Boolean!) {
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...BellNotificationFields
      }
    }
  }
`);
