import type { CombinedError } from "@urql/core";

import { hasGraphqlErrorCode } from "../../graphql/errors/hasGraphqlErrorCode";

export type MutationFailure = { kind: "conflict" } | { kind: "forbidden" } | { kind: "failed"; message: string | null };

/** What went wrong with a mutation that answered a GraphQL or network error (not userErrors). */
export const mutationFailure = (error: CombinedError): MutationFailure => {
  if (hasGraphqlErrorCode(error, "CONFLICT")) return { kind: "conflict" };
  if (hasGraphqlErrorCode(error, "FORBIDDEN")) return { kind: "forbidden" };
  if (error.networkError) return { kind: "failed", message: null };
  return { kind: "failed", message: error.graphQLErrors[0]?.message ?? null };
};
