import {
  AuditOutlined,
  BarChartOutlined,
  CustomerServiceOutlined,
  ExperimentOutlined,
  FunnelPlotOutlined,
  HomeOutlined,
  InboxOutlined,
  NotificationOutlined,
  ReadOutlined,
  SettingOutlined,
  TeamOutlined,
  UserAddOutlined,
  UsergroupAddOutlined,
} from "@ant-design/icons";
import type { ParseKeys } from "i18next";
import type { ComponentType } from "react";

import { opensPage, type PageRule } from "../../permissions/utils/pageRule";
import type { PermissionIndex } from "../../permissions/utils/permissionIndex";
import { PAGE_RULES } from "./pageRules";

export type NavigationItem = {
  key: string;
  path: string;
  labelKey: ParseKeys;
  icon: ComponentType;
  /** Shown only to viewers who open the page: its route's rule (default: everyone signed in). */
  rule?: PageRule;
};

/** Side navigation, in display order; each item shows its route's page rule (PAGE_RULES). */
export const NAVIGATION_ITEMS: readonly NavigationItem[] = [
  { key: "home", path: "/", labelKey: "nav.home", icon: HomeOutlined, rule: PAGE_RULES["/"] },
  { key: "customers", path: "/customers", labelKey: "nav.customers", icon: TeamOutlined, rule: PAGE_RULES["/customers"] },
  { key: "pipeline", path: "/pipeline", labelKey: "nav.pipeline", icon: FunnelPlotOutlined, rule: PAGE_RULES["/pipeline"] },
  { key: "approvals", path: "/approvals", labelKey: "nav.approvals", icon: AuditOutlined, rule: PAGE_RULES["/approvals"] },
  { key: "leads", path: "/leads", labelKey: "nav.leads", icon: UserAddOutlined, rule: PAGE_RULES["/leads"] },
  { key: "pool", path: "/pool", labelKey: "nav.pool", icon: UsergroupAddOutlined, rule: PAGE_RULES["/pool"] },
  { key: "service", path: "/service", labelKey: "nav.service", icon: CustomerServiceOutlined, rule: PAGE_RULES["/service"] },
  { key: "portal", path: "/portal", labelKey: "nav.portal", icon: InboxOutlined, rule: PAGE_RULES["/portal/*"] },
  { key: "kb", path: "/kb", labelKey: "nav.kb", icon: ReadOutlined, rule: PAGE_RULES["/kb"] },
  { key: "marketing", path: "/marketing", labelKey: "nav.marketing", icon: NotificationOutlined, rule: PAGE_RULES["/marketing/*"] },
  { key: "dashboards", path: "/dashboards", labelKey: "nav.dashboards", icon: BarChartOutlined, rule: PAGE_RULES["/dashboards"] },
  { key: "prediction-models", path: "/prediction-models", labelKey: "nav.predictionModels", icon: ExperimentOutlined, rule: PAGE_RULES["/prediction-models"] },
  { key: "admin", path: "/admin", labelKey: "nav.admin", icon: SettingOutlined, rule: PAGE_RULES["/admin/*"] },
];

/** The items this viewer may open. */
export const visibleNavigationItems = (permissions: PermissionIndex, items: readonly NavigationItem[] = NAVIGATION_ITEMS) =>
  items.filter((item) => !item.rule || opensPage(item.rule, permissions));

/** The item whose path is the longest prefix of `pathname` ("/" only matches itself). */
export const activeNavigationKey = (pathname: string, items: readonly NavigationItem[] = NAVIGATION_ITEMS): string | null => {
  const matches = items.filter((item) =>
    item.path === "/" ? pathname === "/" : pathname === item.path || pathname.startsWith(`${item.path}/`),
  );
  matches.sort((a, b) => b.path.length - a.path.length);
  return matches[0]?.key ?? null;
};
