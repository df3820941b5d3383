import { HomeOutlined } from "@ant-design/icons";
import { describe, expect, it } from "vitest";

import { activeNavigationKey, type NavigationItem } from "../constants/navigationItems";

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
