import { graphql } from "../../../generated";

export const ADMIN_DEV_INBOX_QUERY = graphql(`
  query AdminDevInbox($first: Int!) {
    devInbox(first: $first) {
      id
      receivedAt
      sender
      to
      subject
      language
      kind
      text
      html
    }
  }
`);
