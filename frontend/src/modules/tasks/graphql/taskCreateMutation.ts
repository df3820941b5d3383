import { graphql } from "../../../generated";

export const TASK_CREATE_MUTATION = graphql(`
  mutation TaskCreate($input: TaskCreateInput!) {
    taskCreate(input: $input) {
      task {
        ...TaskFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
