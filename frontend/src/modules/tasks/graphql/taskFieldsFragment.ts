import { graphql } from "../../../generated";

/** What the task lists and forms read of a task (its deal is asked for separately, where the viewer may read it). */
export const TASK_FIELDS_FRAGMENT = graphql(`
  fragment TaskFields on Task {
    id
    version
    title
    notes
    dueAt
    remindAt
    done
    doneAt
  }
`);
