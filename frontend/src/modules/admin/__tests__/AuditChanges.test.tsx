import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { AuditChanges } from "../components/AuditChanges";
import { auditChanges } from "../utils/auditFilters";

/** What a row shows crossed out (the old side of a change). */
const crossedOut = (element: HTMLElement) => [
  ...element.querySelectorAll("del"),
  ...[...element.querySelectorAll<HTMLElement>(".ant-tag")].filter((tag) => tag.style.textDecoration === "line-through"),
];

describe("audit changes", () => {
  it("read a write's {field: [old, new]} as a change and a read's list of fields as a list", () => {
    expect(auditChanges({ status: ["open", "won"] }, "update")).toEqual([{ field: "status", kind: "diff", old: "open", new: "won" }]);
    // Two fields read is a list of two, not "phone" changed into "email".
    expect(auditChanges({ fields: ["email", "phone"] }, "read_sensitive")).toEqual([
      { field: "fields", kind: "value", value: ["email", "phone"] },
    ]);
    expect(auditChanges({ erased: true }, "update")).toEqual([{ field: "erased", kind: "value", value: true }]);
  });

  it("show a list of fields as a list, with nothing crossed out", () => {
    render(<AuditChanges changes={{ fields: ["email", "phone"] }} action="read_sensitive" />);

    const changes = screen.getByTestId("audit-changes");
    expect(crossedOut(changes)).toEqual([]);
    expect(within(screen.getByTestId("audit-list")).getAllByText(/email|phone/).map((item) => item.textContent)).toEqual(["email", "phone"]);
  });

  it("cross out the old value of a change, lists as lists on both sides", () => {
    render(<AuditChanges changes={{ "sales_rep:Customer": [["own"], ["own", "team"]], name: [null, "杭州云帆"] }} action="scope_set" />);

    const changes = screen.getByTestId("audit-changes");
    expect(crossedOut(changes).map((item) => item.textContent)).toEqual(["∅", "own"]);
    const lists = within(changes).getAllByTestId("audit-list");
    expect(lists.map((list) => list.textContent)).toEqual(["own", "ownteam"]);
    expect(within(changes).getByText("杭州云帆")).toBeInTheDocument();
  });
});
