import { graphql } from "../../../generated";

export const BELL_UNREAD_COUNT_QUERY = graphql(`
  query BellUnreadCount {
    unreadNotificationCount
  }
`);
