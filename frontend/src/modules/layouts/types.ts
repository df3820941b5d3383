import type { ReactNode } from "react";

import type { Grade } from "../../generated/graphql";
import type { DashboardPeriod } from "../dashboards/utils/dashboardPeriod";
import type { PermissionIndex } from "../permissions/utils/permissionIndex";
import type widgetKinds from "./widgetKinds.json";

/** Every kind of widget (the shared catalogue: the backend checks layouts against the same list). */
export type WidgetKind = keyof typeof widgetKinds;

export type LayoutPage = "home" | "dashboards";

/** A widget's own period instead of the page's. */
export const WIDGET_PERIODS = ["month", "quarter", "year"] as const;
export type WidgetPeriod = (typeof WIDGET_PERIODS)[number];

/** Filters a widget may take (each kind lists the keys it supports in widgetKinds.json). */
export type WidgetFilters = { grades?: Grade[] };
export type WidgetFilterKey = keyof WidgetFilters;

/** A widget placed on the grid of 12 columns (as stored; `kind` may be one this app no longer knows). */
export type LayoutWidget = {
  id: string;
  kind: string;
  x: number;
  y: number;
  w: number;
  h: number;
  period: WidgetPeriod | null;
  filters: WidgetFilters | null;
};

/** What a widget is given to draw itself. */
export type WidgetRenderProps = {
  widget: LayoutWidget;
  /** The widget's own period, else the page's. */
  period: DashboardPeriod;
  viewerId: string;
};

/**
 * One entry of a page's catalogue: the extension point for new widgets (e.g. churn risk, win probability,
 * cross-sell). Add the kind to widgetKinds.json (and to the backend's `analytics.layouts.catalogue`), its names to
 * the `layouts.widgets` strings, then an entry here: who may see it (`readable`, from permissions as the pages
 * decide their panels), its default size, and how it draws.
 */
export type CatalogueEntry = {
  kind: WidgetKind;
  /** Shown on the default layout of viewers for whom it is relevant (else only offered in the catalogue). */
  inDefault: (permissions: PermissionIndex) => boolean;
  /** The viewer may read every field its data selects. */
  readable: (permissions: PermissionIndex) => boolean;
  /** Size on the default layout and when added (columns of 12, rows of ROW_HEIGHT px). */
  size: { w: number; h: number };
  /** The filter keys the widget's query takes (must match widgetKinds.json). */
  filters: readonly WidgetFilterKey[];
  /** Whether it takes its own period (must match widgetKinds.json). */
  period: boolean;
  render: (props: WidgetRenderProps) => ReactNode;
};
