import { describe, expect, it } from "vitest";

import { viewerWith } from "../../../testing/fixtures";
import { opensPage, type PageRule } from "../utils/pageRule";
import { permissionIndex } from "../utils/permissionIndex";

const indexOf = (fields: Parameters<typeof viewerWith>[0], isAdmin = false) => {
  const viewer = viewerWith(fields);
  return permissionIndex(viewer.permissions && { ...viewer.permissions, isAdmin });
};

describe("opensPage", () => {
  it("opens a signed-in page for everyone and an admin page for administrators only", () => {
    expect(opensPage({ signedIn: true }, indexOf([]))).toBe(true);
    expect(opensPage({ admin: true }, indexOf([["Query.customers", "READ"]]))).toBe(false);
    expect(opensPage({ admin: true }, indexOf([], true))).toBe(true);
  });

  it("reads a query as canQuery, a mutation as canMutate and a field as has", () => {
    const permissions = indexOf([
      ["Query.customers", "READ"],
      ["Subscription.ticketEvents", "READ"],
      ["Mutation.ticketCreate", "READ"],
      ["Ticket.internalNotes", "MASKED"],
    ]);
    expect(opensPage({ query: "customers" }, permissions)).toBe(true);
    expect(opensPage({ query: "ticketEvents" }, permissions)).toBe(true);
    expect(opensPage({ query: "tickets" }, permissions)).toBe(false);
    expect(opensPage({ mutation: "ticketCreate" }, permissions)).toBe(false); // read is not write
    expect(opensPage({ field: ["Ticket", "internalNotes"] }, permissions)).toBe(true);
    expect(opensPage({ field: ["Ticket", "internalNotes"], access: "READ" }, permissions)).toBe(false);
  });

  it("combines rules with all, any and not", () => {
    const permissions = indexOf([["Query.tickets", "READ"]]);
    const desk: PageRule = { all: [{ query: "tickets" }, { field: ["Ticket", "internalNotes"] }] };
    expect(opensPage(desk, permissions)).toBe(false);
    expect(opensPage({ any: [{ query: "customers" }, { query: "tickets" }] }, permissions)).toBe(true);
    expect(opensPage({ not: desk }, permissions)).toBe(true);
    expect(opensPage({ all: [] }, permissions)).toBe(true);
    expect(opensPage({ any: [] }, permissions)).toBe(false);
  });
});
