import { graphql } from "../../../generated";

/** The viewer's open tasks, soonest due first (overdue ones first of all), with what the list needs to work them. */
export const HOME_MY_TASKS_QUERY = graphql(`
  query HomeMyTasks($first: Int!, $withOpportunity: Boolean!) {
    myTasks(first: $first, openOnly: true) {
      totalCount
      nodes {
        ...TaskFields
        customer {
          id
          name
        }
        opportunity @include(if: $withOpportunity) {
          id
          name
        }
      }
    }
  }
`);
