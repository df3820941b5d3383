import { graphql } from "../../../generated";

/** A userError as every mutation asks for it (read by graphql/errors/mutationProblem). */
export const USER_ERROR_FIELDS_FRAGMENT = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`);
