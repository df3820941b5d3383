import { describe, expect, it } from "vitest";

import { DASHBOARD_WIDGETS } from "../../dashboards/components/dashboardWidgets";
import { HOME_WIDGETS } from "../../home/components/homeWidgets";
import { permissionIndex } from "../../permissions/utils/permissionIndex";
import widgetKinds from "../widgetKinds.json";

type Field = { __typename: "FieldPermission"; type: string; field: string; access: "READ" };

const reading = (...reads: string[]) =>
  permissionIndex({
    __typename: "Permissions",
    isAdmin: false,
    fields: reads.map((read): Field => {
      const [type = "", field = ""] = read.split(".");
      return { __typename: "FieldPermission", type, field, access: "READ" };
    }),
    scopes: [],
  });

describe("the pages' catalogues", () => {
  it("hold every kind of the shared catalogue on its page, with its period and filters", () => {
    for (const [page, entries] of [
      ["dashboards", DASHBOARD_WIDGETS],
      ["home", HOME_WIDGETS],
    ] as const) {
      const expected = Object.entries(widgetKinds)
        .filter(([, kind]) => (kind.pages as string[]).includes(page))
        .map(([name, kind]) => [name, kind.period, [...kind.filters].sort()]);
      const listed = entries.map((entry) => [entry.kind, entry.period, [...entry.filters].sort()]);
      expect(listed.sort()).toEqual(expected.sort());
    }
  });

  it("offer only the widgets whose data the viewer may read", () => {
    const funnelOnly = reading("Query.salesFunnel", ...["stageKey", "stageName", "reached", "amount", "toNext"].map((f) => `FunnelStep.${f}`));
    expect(DASHBOARD_WIDGETS.filter((entry) => entry.readable(funnelOnly)).map((entry) => entry.kind)).toEqual(["funnel"]);
    expect(HOME_WIDGETS.filter((entry) => entry.readable(funnelOnly)).map((entry) => entry.kind)).toEqual(["homeFunnel"]);
    const nothing = reading();
    expect(DASHBOARD_WIDGETS.some((entry) => entry.readable(nothing))).toBe(false);
    const admin = permissionIndex({ __typename: "Permissions", isAdmin: true, fields: [], scopes: [] });
    expect(DASHBOARD_WIDGETS.every((entry) => entry.readable(admin))).toBe(true);
  });
});
