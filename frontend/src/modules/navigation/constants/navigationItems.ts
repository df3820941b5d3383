import { HomeOutlined } from "@ant-design/icons";
import type { ParseKeys } from "i18next";
import type { ComponentType } from "react";

export type NavigationItem = {
  key: string;
  path: string;
  labelKey: ParseKeys;
  icon: ComponentType;
};

/** Side navigation, in display order: add a domain's entry here when its pages land. */
export const NAVIGATION_ITEMS: readonly NavigationItem[] = [{ key: "home", path: "/", labelKey: "nav.home", icon: HomeOutlined }];

/** The item whose path is the longest prefix of `pathname` ("/" only matches itself). */
export const activeNavigationKey = (pathname: string, items: readonly NavigationItem[] = NAVIGATION_ITEMS): string | null => {
  const matches = items.filter((item) =>
    item.path === "/" ? pathname === "/" : pathname === item.path || pathname.startsWith(`${item.path}/`),
  );
  matches.sort((a, b) => b.path.length - a.path.length);
  return matches[0]?.key ?? null;
};
