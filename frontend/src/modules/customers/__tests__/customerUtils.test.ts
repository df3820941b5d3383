import { describe, expect, it } from "vitest";

import { permissionIndex } from "../../permissions/utils/permissionIndex";
import { viewerWith } from "../../../testing/fixtures";
import { createFormFieldFor } from "../components/CustomerCreateModal";
import { customersListAccess, usableCustomerFilters } from "../utils/customerAccess";
import { customerListRequest, customerListSearchParams, parseCustomerListParams } from "../utils/customerListParams";
import { canSearchCustomers, customerSearchKind } from "../utils/customerSearch";
import { ordersByMonth } from "../utils/ordersByMonth";
import { mergeTimelineEdges, type TimelineEdge } from "../utils/timelineEntries";
import { AGENT_VIEWER, REP_VIEWER } from "./customerFixtures";

describe("customer list URL", () => {
  it("round-trips, drops unknown values and leaves defaults out", () => {
    const params = parseCustomerListParams(
      new URLSearchParams("status=ACTIVE&status=BOGUS&grade=Z&province=%20浙江省%20&sort=NAME&dir=ASC&size=7&from=2026-13-40"),
    );
    expect(params).toMatchObject({
      statuses: ["ACTIVE"],
      grades: [],
      provinces: ["浙江省"],
      sort: "NAME",
      direction: "ASC",
      size: 20,
      createdFrom: null,
    });
    expect(customerListSearchParams(params).toString()).toBe("status=ACTIVE&province=%E6%B5%99%E6%B1%9F%E7%9C%81&sort=NAME&dir=asc");
  });

  it("sends only the filters, sort and search the viewer may use", () => {
    const agent = permissionIndex(AGENT_VIEWER.permissions);
    const params = parseCustomerListParams(new URLSearchParams("q=a@b.cn&rfm=LOYAL&grade=A&sort=GRADE"));
    const request = customerListRequest(params, {
      usableFilters: usableCustomerFilters(agent),
      canSort: () => false,
      canSearch: (text) => canSearchCustomers(agent, text),
    });
    expect(request).toMatchObject({ filter: { grades: ["A"] }, orderBy: null, search: null, ignored: ["rfmSegments"], searchIgnored: true });
  });
});

describe("customer search", () => {
  it("tells phone digits, emails and names apart as the server does", () => {
    expect(customerSearchKind("5678")).toBe("phone");
    expect(customerSearchKind("+86 138-1234-5678")).toBe("phone");
    expect(customerSearchKind("138")).toBe("name");
    expect(customerSearchKind("Wang@Example.cn")).toBe("email");
    expect(customerSearchKind("浦东")).toBe("name");
  });

  it("needs unmasked phones or emails to search by them", () => {
    const rep = permissionIndex(REP_VIEWER.permissions);
    const agent = permissionIndex(AGENT_VIEWER.permissions);
    expect(canSearchCustomers(rep, "5678")).toBe(true);
    expect(canSearchCustomers(agent, "5678")).toBe(false);
    expect(canSearchCustomers(agent, "wang@example.cn")).toBe(false);
    expect(canSearchCustomers(agent, "王")).toBe(true);
  });
});

describe("column access", () => {
  it("asks for phones only with at least masked access to them", () => {
    const noPhones = permissionIndex(viewerWith([["Customer.contacts", "READ"], ["Contact.id", "READ"], ["Contact.name", "READ"], ["Contact.isPrimary", "READ"]]).permissions);
    expect(customersListAccess(noPhones)).toMatchObject({ withContacts: true, withPhones: false, withOwner: false });
  });
});

describe("ordersByMonth", () => {
  it("sums revenue orders per month over the last 12 months, empty months included", () => {
    const months = ordersByMonth(
      [
        { orderedAt: "2026-03-02T10:00:00+08:00", status: "completed", totalAmount: "100.10" },
        { orderedAt: "2026-03-20T10:00:00+08:00", status: "paid", totalAmount: "0.20" },
        { orderedAt: "2026-03-21T10:00:00+08:00", status: "cancelled", totalAmount: "999" },
        { orderedAt: "2024-01-01T10:00:00+08:00", status: "completed", totalAmount: "5" },
      ],
      new Date("2026-03-25T12:00:00+08:00"),
    );
    expect(months).toHaveLength(12);
    expect(months[0]?.month).toBe("2025-04");
    expect(months.at(-1)).toEqual({ month: "2026-03", amount: 100.3, count: 2 });
    expect(months.slice(0, -1).every((month) => month.count === 0)).toBe(true);
  });
});

describe("timeline entries", () => {
  it("keeps one copy of an entry seen locally and on a page", () => {
    const activity = (id: string, cursor: string): TimelineEdge => ({
      __typename: "TimelineEntryEdge",
      cursor,
      node: { __typename: "Activity", id, subject: id, occurredAt: "2026-01-01T00:00:00Z" },
    });
    const merged = mergeTimelineEdges([activity("a2", "logged:a2")], [activity("a2", "c2"), activity("a1", "c1")]);
    expect(merged.map((edge) => edge.cursor)).toEqual(["logged:a2", "c1"]);
  });
});

describe("createFormFieldFor", () => {
  it("maps the input paths of customerCreate to form fields", () => {
    expect(createFormFieldFor(["contacts", "0", "phones", "1"])).toBe("contactPhone");
    expect(createFormFieldFor(["contacts", "0", "emails", "0"])).toBe("contactEmail");
    expect(createFormFieldFor(["contacts", "0", "name"])).toBe("contactName");
    expect(createFormFieldFor(["grade"])).toBe("grade");
    expect(createFormFieldFor(["idNumber"])).toBeNull();
  });
});
