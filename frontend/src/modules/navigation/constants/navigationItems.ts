import {
  AuditOutlined,
  BarChartOutlined,
  CustomerServiceOutlined,
  FunnelPlotOutlined,
  HomeOutlined,
  InboxOutlined,
  ReadOutlined,
  SettingOutlined,
  TeamOutlined,
  UserAddOutlined,
  UsergroupAddOutlined,
} from "@ant-design/icons";
import type { ParseKeys } from "i18next";
import type { ComponentType } from "react";

import type { PermissionIndex } from "../../permissions/utils/permissionIndex";

export type NavigationItem = {
  key: string;
  path: string;
  labelKey: ParseKeys;
  icon: ComponentType;
  /** Shown only to viewers for whom this holds (default: everyone signed in). */
  visible?: (permissions: PermissionIndex) => boolean;
};

/** Staff see the service console; portal customers (no internal notes) see the portal instead. */
const isStaffDesk = (p: PermissionIndex) => p.canQuery("tickets") && p.has("Ticket", "internalNotes");
const isPortalCustomer = (p: PermissionIndex) => p.canMutate("ticketCreate") && !p.has("Ticket", "internalNotes") && !p.canQuery("customers");

/** Side navigation, in display order. */
export const NAVIGATION_ITEMS: readonly NavigationItem[] = [
  { key: "home", path: "/", labelKey: "nav.home", icon: HomeOutlined },
  { key: "customers", path: "/customers", labelKey: "nav.customers", icon: TeamOutlined, visible: (p) => p.canQuery("customers") },
  { key: "pipeline", path: "/pipeline", labelKey: "nav.pipeline", icon: FunnelPlotOutlined, visible: (p) => p.canQuery("opportunities") },
  { key: "approvals", path: "/approvals", labelKey: "nav.approvals", icon: AuditOutlined, visible: (p) => p.canMutate("approvalDecide") },
  { key: "leads", path: "/leads", labelKey: "nav.leads", icon: UserAddOutlined, visible: (p) => p.canQuery("leads") },
  { key: "pool", path: "/pool", labelKey: "nav.pool", icon: UsergroupAddOutlined, visible: (p) => p.canQuery("publicPool") },
  { key: "service", path: "/service", labelKey: "nav.service", icon: CustomerServiceOutlined, visible: isStaffDesk },
  { key: "portal", path: "/portal", labelKey: "nav.portal", icon: InboxOutlined, visible: isPortalCustomer },
  { key: "kb", path: "/kb", labelKey: "nav.kb", icon: ReadOutlined, visible: (p) => p.canMutate("kbArticleSave") && p.canQuery("kbSearch") },
  {
    key: "dashboards",
    path: "/dashboards",
    labelKey: "nav.dashboards",
    icon: BarChartOutlined,
    visible: (p) => p.canQuery("salesPerformance") || p.canQuery("serviceStats") || p.canQuery("customerGroups"),
  },
  { key: "admin", path: "/admin", labelKey: "nav.admin", icon: SettingOutlined, visible: (p) => p.isAdmin },
];

/** The items this viewer may open. */
export const visibleNavigationItems = (permissions: PermissionIndex, items: readonly NavigationItem[] = NAVIGATION_ITEMS) =>
  items.filter((item) => !item.visible || item.visible(permissions));

/** The item whose path is the longest prefix of `pathname` ("/" only matches itself). */
export const activeNavigationKey = (pathname: string, items: readonly NavigationItem[] = NAVIGATION_ITEMS): string | null => {
  const matches = items.filter((item) =>
    item.path === "/" ? pathname === "/" : pathname === item.path || pathname.startsWith(`${item.path}/`),
  );
  matches.sort((a, b) => b.path.length - a.path.length);
  return matches[0]?.key ?? null;
};
