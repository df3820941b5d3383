import { graphql } from "../../../generated";

/** Every task about the customer, done ones too (the 360° page's "show done tasks"). */
export const CUSTOMER_360_DONE_TASKS_QUERY = graphql(`
  query Customer360DoneTasks($id: ID!, $withTaskOpportunity: Boolean!) {
    customer(id: $id) {
      id
      tasks(openOnly: false) {
        ...TaskFields
        assignee {
          id
          name
        }
        opportunity @include(if: $withTaskOpportunity) {
          id
          name
        }
      }
    }
  }
`);
