import { HomeOutlined } from "@ant-design/icons";
import { describe, expect, it } from "vitest";

import { viewerWith } from "../../../testing/fixtures";
import { permissionIndex } from "../../permissions/utils/permissionIndex";
import { activeNavigationKey, visibleNavigationItems, type NavigationItem } from "../constants/navigationItems";

const ITEMS: NavigationItem[] = [
  { key: "home", path: "/", labelKey: "nav.home", icon: HomeOutlined },
  { key: "customers", path: "/customers", labelKey: "nav.home", icon: HomeOutlined },
  { key: "customer-pool", path: "/customers/pool", labelKey: "nav.home", icon: HomeOutlined },
];

describe("activeNavigationKey", () => {
  it("marks home only on /", () => {
    expect(activeNavigationKey("/", ITEMS)).toBe("home");
    expect(activeNavigationKey("/nowhere", ITEMS)).toBeNull();
  });

  it("picks the longest matching path", () => {
    expect(activeNavigationKey("/customers/42", ITEMS)).toBe("customers");
    expect(activeNavigationKey("/customers/pool", ITEMS)).toBe("customer-pool");
    expect(activeNavigationKey("/customers-archive", ITEMS)).toBeNull();
  });
});

const keysFor = (fields: Parameters<typeof viewerWith>[0], isAdmin = false) => {
  const { permissions } = viewerWith(fields);
  return visibleNavigationItems(permissionIndex(permissions && { ...permissions, isAdmin })).map((item) => item.key);
};

describe("visibleNavigationItems", () => {
  it("shows each page by its route's rule", () => {
    expect(keysFor([])).toEqual(["home"]);
    expect(keysFor([["Query.customers", "READ"], ["Query.opportunities", "READ"]])).toEqual(["home", "customers", "pipeline"]);
    // The marketing workspace opens with any of its sections: a marketer who may only run campaigns sees it.
    expect(keysFor([["Query.campaigns", "READ"]])).toEqual(["home", "marketing"]);
    // ... and with the journeys or the figures (which read revenue) alone: the workspace sends them there.
    expect(keysFor([["Query.journeys", "READ"]])).toEqual(["home", "marketing"]);
    expect(keysFor([["Query.marketingFigures", "READ"], ["Order.totalAmount", "READ"]])).toEqual(["home", "marketing"]);
    expect(keysFor([["Query.marketingFigures", "READ"]])).toEqual(["home"]);
  });

  it("shows staff the service console and a portal customer the portal", () => {
    const staff = keysFor([["Query.tickets", "READ"], ["Ticket.internalNotes", "READ"], ["Mutation.ticketCreate", "WRITE"]]);
    expect(staff).toContain("service");
    expect(staff).not.toContain("portal");
    const customer = keysFor([["Query.tickets", "READ"], ["Mutation.ticketCreate", "WRITE"]]);
    expect(customer).toContain("portal");
    expect(customer).not.toContain("service");
  });

  it("shows administrators everything but the portal", () => {
    expect(keysFor([], true)).toEqual(["home", "customers", "pipeline", "approvals", "leads", "pool", "service", "kb", "marketing", "dashboards", "prediction-models", "admin"]);
  });
});
