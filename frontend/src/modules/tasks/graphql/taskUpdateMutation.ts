import { graphql } from "../../../generated";

export const TASK_UPDATE_MUTATION = graphql(`
  mutation TaskUpdate($input: TaskUpdateInput!) {
    taskUpdate(input: $input) {
      task {
        ...TaskFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
