/** `extensions.code` values the API puts on GraphQL errors. */
export const GRAPHQL_ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "BAD_USER_INPUT",
  "GRAPHQL_VALIDATION_FAILED",
  "RATE_LIMITED",
  "INTERNAL",
] as const;

export type GraphqlErrorCode = (typeof GRAPHQL_ERROR_CODES)[number];
