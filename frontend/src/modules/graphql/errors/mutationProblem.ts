import type { CombinedError } from "@urql/core";

import { hasGraphqlErrorCode } from "./hasGraphqlErrorCode";

/** A `userErrors[]` entry of a mutation payload (the UserErrorFields fragment). */
export type UserError = { field: string | null; message: string; code?: string | null };

/** A mutation's payload: whatever it returns, with the userErrors most payloads carry. */
export type MutationPayload = { userErrors?: readonly UserError[] };

/** What a mutation answered: the request's error, and the payload (null when the request failed). */
export type MutationOutcome<Payload extends MutationPayload = MutationPayload> = {
  error?: CombinedError | undefined;
  payload: Payload | null | undefined;
};

/**
 * What went wrong with a mutation:
 * - `conflict`: someone else changed the record first (CONFLICT; reload, then try again);
 * - `forbidden`: the viewer's roles do not allow it (FORBIDDEN);
 * - `failed`: the request failed; `message` is the server's own explanation, null when it has none worth
 *   showing (network error, INTERNAL, no payload);
 * - `userErrors`: the server refused the input and said why.
 */
export type MutationProblem =
  | { kind: "conflict" }
  | { kind: "forbidden" }
  | { kind: "failed"; message: string | null }
  | { kind: "userErrors"; userErrors: readonly UserError[] };

/** The server's message of a GraphQL error a person can act on; null for network and INTERNAL errors. */
const explanation = (error: CombinedError): string | null => {
  if (error.networkError) return null;
  const explained = error.graphQLErrors.find((graphqlError) => graphqlError.extensions["code"] !== "INTERNAL");
  return explained?.message || null;
};

/** What went wrong with a mutation, or null when its payload came back without userErrors. */
export const mutationProblem = ({ error, payload }: MutationOutcome): MutationProblem | null => {
  if (error) {
    if (hasGraphqlErrorCode(error, "CONFLICT")) return { kind: "conflict" };
    if (hasGraphqlErrorCode(error, "FORBIDDEN")) return { kind: "forbidden" };
    return { kind: "failed", message: explanation(error) };
  }
  if (!payload) return { kind: "failed", message: null };
  const userErrors = payload.userErrors ?? [];
  return userErrors.length > 0 ? { kind: "userErrors", userErrors } : null;
};

/** The input path a userError names, without the mutation's `input` argument: "input.contacts.0.name" → ["contacts", "0", "name"]. */
export const userErrorPath = (field: string | null | undefined): string[] => {
  const parts = (field ?? "").split(".").filter(Boolean);
  return parts[0] === "input" ? parts.slice(1) : parts;
};

/**
 * Which form field a userError belongs on: a list of the form's field names (matched with the first name of
 * the error's input path, so "input.roles.0" lands on "roles"), or a function from the path to a field.
 */
export type UserErrorFields<Field extends string> = readonly Field[] | ((path: readonly string[]) => Field | null);

export type SplitUserErrors<Field extends string> = {
  /** Messages per form field, ready for antd's `form.setFields`. */
  fields: Array<{ name: Field; errors: string[] }>;
  /** Messages of errors that name none of the form's fields. */
  general: string[];
};

/** Sorts userErrors onto the form's fields; the rest are general messages. */
export const splitUserErrors = <Field extends string>(
  userErrors: readonly UserError[],
  fields: UserErrorFields<Field>,
): SplitUserErrors<Field> => {
  const fieldOf = typeof fields === "function" ? fields : (path: readonly string[]) => fields.find((name) => name === path[0]) ?? null;
  const byField = new Map<Field, string[]>();
  const general: string[] = [];
  for (const userError of userErrors) {
    const field = fieldOf(userErrorPath(userError.field));
    if (field) byField.set(field, [...(byField.get(field) ?? []), userError.message]);
    else general.push(userError.message);
  }
  return { fields: [...byField].map(([name, errors]) => ({ name, errors })), general };
};
