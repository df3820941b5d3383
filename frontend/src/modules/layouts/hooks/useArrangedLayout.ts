import { useMemo, useState } from "react";

import type { DashboardLayoutSource, DashboardPage } from "../../../generated/graphql";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import type { CatalogueEntry, LayoutWidget } from "../types";
import { defaultLayout, mergeLayout } from "../utils/layoutLogic";
import { widgetFromApi } from "../utils/widgetFromApi";
import { useDashboardLayoutQuery } from "./useDashboardLayoutQuery";

/** What a page's arrangement is: the layout in force for the viewer, and the draft while customizing. */
export const useArrangedLayout = (page: DashboardPage, catalogue: readonly CatalogueEntry[]) => {
  const permissions = usePermissions();
  // Only the staff arrange their pages: others see the built-in default, and nothing is asked.
  const arrangeable = permissions.canQuery("dashboardLayout") && permissions.canMutate("dashboardLayoutSave");
  const [{ data, fetching, error }, reexecute] = useDashboardLayoutQuery(page, !arrangeable);
  const [draft, setDraft] = useState<LayoutWidget[] | null>(null);
  const readable = useMemo(
    () => new Set<string>(catalogue.filter((entry) => entry.readable(permissions)).map((entry) => entry.kind)),
    [catalogue, permissions],
  );
  const known = useMemo(() => new Set<string>(catalogue.map((entry) => entry.kind)), [catalogue]);
  const layout = data?.dashboardLayout;
  const source: DashboardLayoutSource = layout?.source ?? "DEFAULT";
  const inForce = useMemo<LayoutWidget[]>(() => {
    if (!layout || layout.source === "DEFAULT") {
      return defaultLayout(catalogue.filter((entry) => entry.readable(permissions) && entry.inDefault(permissions)));
    }
    return layout.widgets.map(widgetFromApi);
  }, [layout, catalogue, permissions]);
  const current = draft ?? inForce;
  const { shown, noAccess } = useMemo(() => mergeLayout(current, known, readable), [current, known, readable]);
  return {
    loaded: !arrangeable || Boolean(layout) || Boolean(error),
    arrangeable,
    fetching,
    error,
    source,
    role: layout?.role ?? null,
    version: layout?.version ?? null,
    inForce,
    editing: draft !== null,
    draft,
    setDraft,
    shown,
    noAccess,
    readable,
    refetch: () => reexecute({ requestPolicy: "network-only" }),
  };
};
