import type { DashboardWidgetFieldsFragment, Grade } from "../../../generated/graphql";
import { WIDGET_PERIODS, type LayoutWidget, type WidgetFilters, type WidgetPeriod } from "../types";

const GRADES: readonly Grade[] = ["A", "B", "C", "D"];

const isPeriod = (value: string | null): value is WidgetPeriod => value !== null && (WIDGET_PERIODS as readonly string[]).includes(value);

/** A widget's filters as the API sends them (a JSON object), keeping only what this app understands. */
export const filtersFromJson = (value: unknown): WidgetFilters | null => {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const grades = (value as { grades?: unknown }).grades;
  if (!Array.isArray(grades)) return null;
  const known = grades.filter((grade): grade is Grade => typeof grade === "string" && (GRADES as readonly string[]).includes(grade));
  return known.length > 0 ? { grades: known } : null;
};

/** A stored widget as the layout logic holds it. */
export const widgetFromApi = (widget: DashboardWidgetFieldsFragment): LayoutWidget => ({
  id: widget.id,
  kind: widget.kind,
  x: widget.x,
  y: widget.y,
  w: widget.w,
  h: widget.h,
  period: isPeriod(widget.period) ? widget.period : null,
  filters: filtersFromJson(widget.filters),
});
