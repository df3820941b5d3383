import { describe, expect, it } from "vitest";

import { entityPath } from "../utils/entityPath";
import { mergeNotifications, type BellNotification } from "../utils/mergeNotifications";

const n = (id: string, createdAt: string, read = false): BellNotification => ({
  id,
  kind: "ticket_assigned",
  title: id,
  body: null,
  entityId: null,
  read,
  createdAt,
});

describe("mergeNotifications", () => {
  it("adds pushed notifications the server did not list yet, newest first, and counts the unread ones", () => {
    const server = [n("b", "2026-03-02T00:00:00Z"), n("a", "2026-03-01T00:00:00Z", true)];
    const live = [n("d", "2026-03-04T00:00:00Z"), n("c", "2026-03-03T00:00:00Z")];
    const state = mergeNotifications(server, 1, live, 10);
    expect(state.items.map((item) => item.id)).toEqual(["d", "c", "b", "a"]);
    expect(state.unread).toBe(3);
  });

  it("does not count twice what a later server answer already includes", () => {
    // The server was asked again after "c" and "d" arrived: its count has them, its list has the newest.
    const server = [n("d", "2026-03-04T00:00:00Z"), n("b", "2026-03-02T00:00:00Z")];
    const live = [n("d", "2026-03-04T00:00:00Z"), n("c", "2026-03-03T00:00:00Z")];
    const state = mergeNotifications(server, 3, live, 2);
    expect(state.unread).toBe(3);
    expect(state.items.map((item) => item.id)).toEqual(["d", "b"]);
  });

  it("prefers the server's copy (which knows it was read)", () => {
    const state = mergeNotifications([n("a", "2026-03-01T00:00:00Z", true)], 0, [n("a", "2026-03-01T00:00:00Z")], 10);
    expect(state.items).toHaveLength(1);
    expect(state.items[0]?.read).toBe(true);
    expect(state.unread).toBe(0);
  });
});

describe("entityPath", () => {
  const id = (type: string) => btoa(`${type}:0190a000-0000-7000-8000-000000000001`).replace(/=+$/, "");

  it("links customers, tickets, opportunities and leads to their pages", () => {
    expect(entityPath(id("Customer"))).toBe(`/customers/${id("Customer")}`);
    expect(entityPath(id("Ticket"))).toBe(`/service/tickets/${id("Ticket")}`);
    expect(entityPath(id("Opportunity"))).toBe("/pipeline");
    expect(entityPath(id("Lead"))).toBe("/leads");
  });

  it("links an export's notification to My exports", () => {
    expect(entityPath(id("Export"))).toBe("/my-exports");
    expect(entityPath(id("Import"))).toBe("/customers/import");
  });

  it("has no page for other objects or malformed ids", () => {
    expect(entityPath(id("Task"))).toBeNull();
    expect(entityPath("not an id!")).toBeNull();
    expect(entityPath(null)).toBeNull();
  });
});
