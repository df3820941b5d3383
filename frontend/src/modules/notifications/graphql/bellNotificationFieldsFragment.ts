import { graphql } from "../../../generated";

/** A notification as the bell lists it, loaded or pushed. */
export const BELL_NOTIFICATION_FIELDS_FRAGMENT = graphql(`
  fragment BellNotificationFields on Notification {
    id
    kind
    title
    body
    entityId
    read
    createdAt
  }
`);
