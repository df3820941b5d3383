import type { CombinedError } from "@urql/core";

import type { GraphqlErrorCode } from "../constants/graphqlErrorCodes";

/** True when one of the GraphQL errors carries `extensions.code == code`. */
export const hasGraphqlErrorCode = (error: CombinedError | undefined, code: GraphqlErrorCode): boolean =>
  error?.graphQLErrors.some((graphqlError) => graphqlError.extensions["code"] === code) ?? false;
