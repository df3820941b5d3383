import { graphql } from "../../../generated";

export const TASK_REOPEN_MUTATION = graphql(`
  mutation TaskReopen($input: TaskReopenInput!) {
    taskReopen(input: $input) {
      task {
        ...TaskFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
