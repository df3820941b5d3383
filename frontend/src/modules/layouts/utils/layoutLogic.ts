import type { LayoutWidget, WidgetKind } from "../types";

/** The grid: 12 columns; each row ROW_HEIGHT px high. */
export const COLUMNS = 12;
export const ROW_HEIGHT = 40;
export const MAX_WIDGETS = 40;

/** The part of a catalogue entry the layout logic needs. */
export type SizedKind = { kind: WidgetKind; size: { w: number; h: number } };

/** Widgets in layout order: top to bottom, then left to right (the order a phone stacks them in). */
export const layoutOrder = (widgets: readonly LayoutWidget[]): LayoutWidget[] =>
  [...widgets].sort((a, b) => a.y - b.y || a.x - b.x || a.id.localeCompare(b.id));

/** Lays kinds out left to right, wrapping at 12 columns, each row as high as its tallest widget. */
export const packWidgets = (kinds: readonly SizedKind[]): LayoutWidget[] => {
  const widgets: LayoutWidget[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const { kind, size } of kinds) {
    const w = Math.min(Math.max(size.w, 1), COLUMNS);
    if (x + w > COLUMNS) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    widgets.push({ id: kind, kind, x, y, w, h: size.h, period: null, filters: null });
    x += w;
    rowHeight = Math.max(rowHeight, size.h);
  }
  return widgets;
};

/** The built-in default of a page: the entries relevant to the viewer, in catalogue order. */
export const defaultLayout = (entries: readonly SizedKind[]): LayoutWidget[] => packWidgets(entries);

/** A saved layout against what this app knows and what the viewer may read: widgets to draw, and stored widgets the
 * viewer may no longer read (a "no access" placeholder in edit mode, hidden otherwise). Unknown kinds are dropped. */
export const mergeLayout = (
  saved: readonly LayoutWidget[],
  known: ReadonlySet<string>,
  readable: ReadonlySet<string>,
): { shown: LayoutWidget[]; noAccess: LayoutWidget[] } => {
  const ordered = layoutOrder(saved.filter((widget) => known.has(widget.kind)));
  return {
    shown: ordered.filter((widget) => readable.has(widget.kind)),
    noAccess: ordered.filter((widget) => !readable.has(widget.kind)),
  };
};

/** The catalogue the viewer may pick from: readable entries, in catalogue order. */
export const offeredKinds = <Entry extends { kind: WidgetKind }>(entries: readonly Entry[], readable: ReadonlySet<string>): Entry[] =>
  entries.filter((entry) => readable.has(entry.kind));

/** A fresh widget id for a kind (unique in the layout). */
export const newWidgetId = (widgets: readonly LayoutWidget[], kind: string): string => {
  const taken = new Set(widgets.map((widget) => widget.id));
  if (!taken.has(kind)) return kind;
  let n = 2;
  while (taken.has(`${kind}-${n}`)) n += 1;
  return `${kind}-${n}`;
};

/** Adds a widget of a kind below everything else, at its default size. */
export const addWidget = (widgets: readonly LayoutWidget[], entry: SizedKind): LayoutWidget[] => {
  const bottom = widgets.reduce((lowest, widget) => Math.max(lowest, widget.y + widget.h), 0);
  const w = Math.min(entry.size.w, COLUMNS);
  return [...widgets, { id: newWidgetId(widgets, entry.kind), kind: entry.kind, x: 0, y: bottom, w, h: entry.size.h, period: null, filters: null }];
};

export const removeWidget = (widgets: readonly LayoutWidget[], id: string): LayoutWidget[] => widgets.filter((widget) => widget.id !== id);

/** Moves a widget up (-1) or down (+1) in layout order (a phone's editing): it swaps places with its neighbour. */
export const moveWidget = (widgets: readonly LayoutWidget[], id: string, delta: -1 | 1): LayoutWidget[] => {
  const ordered = layoutOrder(widgets);
  const index = ordered.findIndex((widget) => widget.id === id);
  const other = ordered[index + delta];
  const self = ordered[index];
  if (!self || !other) return [...widgets];
  return widgets.map((widget) => {
    if (widget.id === self.id) return { ...widget, x: other.x, y: other.y };
    if (widget.id === other.id) return { ...widget, x: self.x, y: self.y };
    return widget;
  });
};

/** Positions from the grid library after a drag or resize (other fields kept). */
export const applyPositions = (
  widgets: readonly LayoutWidget[],
  positions: ReadonlyArray<{ i: string; x: number; y: number; w: number; h: number }>,
): LayoutWidget[] => {
  const byId = new Map(positions.map((position) => [position.i, position]));
  return widgets.map((widget) => {
    const position = byId.get(widget.id);
    return position ? { ...widget, x: position.x, y: position.y, w: position.w, h: position.h } : widget;
  });
};

/** The widgets as the save and publish mutations take them (no __typename; layout order). */
export const widgetInputs = (widgets: readonly LayoutWidget[]) =>
  layoutOrder(widgets).map(({ id, kind, x, y, w, h, period, filters }) => ({ id, kind, x, y, w, h, period, filters }));

/** Whether two layouts place the same widgets alike. */
export const sameLayout = (a: readonly LayoutWidget[], b: readonly LayoutWidget[]): boolean =>
  JSON.stringify(widgetInputs(a)) === JSON.stringify(widgetInputs(b));
