import { graphql } from "../../../generated";

export const BELL_MARK_READ_MUTATION = graphql(`
  mutation BellMarkRead($input: NotificationMarkReadInput!) {
    notificationMarkRead(input: $input) {
      marked
      unreadCount
    }
  }
`);
