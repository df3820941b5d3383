import { graphql } from "../../../generated";

export const TASK_COMPLETE_MUTATION = graphql(`
  mutation TaskComplete($input: TaskCompleteInput!) {
    taskComplete(input: $input) {
      task {
        ...TaskFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
