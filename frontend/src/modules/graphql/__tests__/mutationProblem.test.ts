import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";

import { mutationProblem, splitUserErrors, userErrorPath } from "../errors/mutationProblem";

const graphqlError = (code: string, message = `${code} happened`) =>
  new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code } })] });

describe("mutationProblem", () => {
  it("is null when the payload came back without userErrors", () => {
    expect(mutationProblem({ payload: { userErrors: [] } })).toBeNull();
    expect(mutationProblem({ payload: {} })).toBeNull();
  });

  it("reads a conflict, a refusal and the server's explanation of a failure", () => {
    expect(mutationProblem({ error: graphqlError("CONFLICT"), payload: null })).toEqual({ kind: "conflict" });
    expect(mutationProblem({ error: graphqlError("FORBIDDEN"), payload: null })).toEqual({ kind: "forbidden" });
    expect(mutationProblem({ error: graphqlError("RATE_LIMITED", "Slow down."), payload: null })).toEqual({
      kind: "failed",
      message: "Slow down.",
    });
  });

  it("has no explanation for a network error, an INTERNAL error or a missing payload", () => {
    const network = new CombinedError({ networkError: new Error("offline") });
    expect(mutationProblem({ error: network, payload: null })).toEqual({ kind: "failed", message: null });
    expect(mutationProblem({ error: graphqlError("INTERNAL"), payload: null })).toEqual({ kind: "failed", message: null });
    expect(mutationProblem({ payload: undefined })).toEqual({ kind: "failed", message: null });
  });

  it("hands back the userErrors the server refused the input with", () => {
    const userErrors = [{ field: "name", message: "Name it.", code: "REQUIRED" }];
    expect(mutationProblem({ payload: { userErrors } })).toEqual({ kind: "userErrors", userErrors });
  });
});

describe("userErrorPath", () => {
  it("drops the mutation's input argument", () => {
    expect(userErrorPath("input.contacts.0.name")).toEqual(["contacts", "0", "name"]);
    expect(userErrorPath("name")).toEqual(["name"]);
    expect(userErrorPath(null)).toEqual([]);
  });
});

describe("splitUserErrors", () => {
  const error = (field: string | null, message: string) => ({ field, message, code: "INVALID" });

  it("puts errors on the form field their input path starts with, the rest are general", () => {
    const split = splitUserErrors(
      [error("input.name", "Name it."), error("roles.0", "No such role."), error("name", "Too long."), error(null, "Try later."), error("owner", "Gone.")],
      ["name", "roles"],
    );
    expect(split).toEqual({
      fields: [
        { name: "name", errors: ["Name it.", "Too long."] },
        { name: "roles", errors: ["No such role."] },
      ],
      general: ["Try later.", "Gone."],
    });
  });

  it("maps paths with a function when the form's fields are not the input's", () => {
    const fieldOf = (path: readonly string[]) => (path[0] === "contacts" && path[2] === "phones" ? "contactPhone" : null);
    expect(splitUserErrors([error("contacts.0.phones.1", "Not a phone."), error("contacts.0.name", "Name it.")], fieldOf)).toEqual({
      fields: [{ name: "contactPhone", errors: ["Not a phone."] }],
      general: ["Name it."],
    });
  });
});
