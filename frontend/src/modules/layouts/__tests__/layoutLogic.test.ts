import { describe, expect, it } from "vitest";

import type { LayoutWidget, WidgetKind } from "../types";
import widgetKinds from "../widgetKinds.json";
import {
  addWidget,
  applyPositions,
  defaultLayout,
  layoutOrder,
  mergeLayout,
  moveWidget,
  newWidgetId,
  offeredKinds,
  packWidgets,
  removeWidget,
  widgetInputs,
} from "../utils/layoutLogic";
import { filtersFromJson } from "../utils/widgetFromApi";

const widget = (id: string, kind: string, x: number, y: number, w = 6, h = 8): LayoutWidget => ({
  id,
  kind,
  x,
  y,
  w,
  h,
  period: null,
  filters: null,
});

const sized = (kind: WidgetKind, w = 6, h = 8) => ({ kind, size: { w, h } });

describe("default layouts", () => {
  it("packs the entries left to right, two halves a row, a full-width one on its own row", () => {
    const laid = defaultLayout([sized("funnel"), sized("forecast"), sized("ticketVolume", 12, 9), sized("rfm", 6, 10), sized("customersByGrade")]);
    expect(laid.map(({ kind, x, y, w }) => [kind, x, y, w])).toEqual([
      ["funnel", 0, 0, 6],
      ["forecast", 6, 0, 6],
      ["ticketVolume", 0, 8, 12],
      ["rfm", 0, 17, 6],
      ["customersByGrade", 6, 17, 6],
    ]);
    expect(new Set(laid.map((item) => item.id)).size).toBe(laid.length);
  });

  it("clamps a width wider than the grid", () => {
    expect(packWidgets([sized("funnel", 20)])[0]?.w).toBe(12);
  });
});

describe("merging a saved layout with the catalogue and the viewer's permissions", () => {
  const known = new Set(["funnel", "forecast", "csat"]);
  it("keeps readable widgets in layout order, sets aside unreadable ones and drops unknown kinds", () => {
    const saved = [widget("c", "csat", 6, 8), widget("f", "funnel", 0, 8), widget("x", "retiredChart", 0, 0), widget("a", "forecast", 0, 0)];
    const { shown, noAccess } = mergeLayout(saved, known, new Set(["funnel", "forecast"]));
    expect(shown.map((item) => item.id)).toEqual(["a", "f"]);
    expect(noAccess.map((item) => item.id)).toEqual(["c"]);
  });

  it("offers only the readable entries, in catalogue order", () => {
    const entries = [{ kind: "funnel" as const }, { kind: "csat" as const }, { kind: "rfm" as const }];
    expect(offeredKinds(entries, new Set(["rfm", "funnel"])).map((entry) => entry.kind)).toEqual(["funnel", "rfm"]);
  });
});

describe("editing", () => {
  const layout = [widget("a", "funnel", 0, 0), widget("b", "forecast", 6, 0), widget("c", "csat", 0, 8)];

  it("adds below everything, with a fresh id when the kind is placed already", () => {
    const added = addWidget(layout, sized("funnel", 12, 9));
    expect(added.at(-1)).toMatchObject({ id: "funnel", kind: "funnel", x: 0, y: 16, w: 12, h: 9 });
    expect(newWidgetId([...added], "funnel")).toBe("funnel-2");
  });

  it("removes, moves in layout order (a phone) and applies the grid's positions", () => {
    expect(removeWidget(layout, "b").map((item) => item.id)).toEqual(["a", "c"]);
    const moved = moveWidget(layout, "c", -1);
    expect(layoutOrder(moved).map((item) => item.id)).toEqual(["a", "c", "b"]);
    expect(moveWidget(layout, "a", -1)).toEqual(layout);
    const placed = applyPositions(layout, [{ i: "a", x: 3, y: 20, w: 9, h: 4 }]);
    expect(placed[0]).toMatchObject({ x: 3, y: 20, w: 9, h: 4 });
    expect(widgetInputs(placed).map((item) => item.id)).toEqual(["b", "c", "a"]);
  });
});

describe("the shared catalogue", () => {
  it("has a name-able kind for every entry and reads filters safely", () => {
    expect(Object.keys(widgetKinds)).toContain("funnel");
    expect(filtersFromJson({ grades: ["A", "Z", 3] })).toEqual({ grades: ["A"] });
    expect(filtersFromJson(["A"])).toBeNull();
    expect(filtersFromJson(null)).toBeNull();
  });
});
