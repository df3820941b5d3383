import { graphql } from "../../../generated";

/** The viewer's open tasks, soonest due first. */
export const HOME_MY_TASKS_QUERY = graphql(`
  query HomeMyTasks($first: Int!) {
    myTasks(first: $first, openOnly: true) {
      totalCount
      nodes {
        id
        title
        dueAt
        customer {
          id
          name
        }
      }
    }
  }
`);
