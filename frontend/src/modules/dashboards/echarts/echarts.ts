import { BarChart, FunnelChart, LineChart, PieChart } from "echarts/charts";
import type { BarSeriesOption, FunnelSeriesOption, LineSeriesOption, PieSeriesOption } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from "echarts/components";
import { init, use as registerCharts, type ComposeOption, type EChartsType } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

// Registered once, here and only here: the charts, components and renderer Rapport draws with, nothing else,
// so the chunk that imports this module stays small (and only pages that draw charts import it).
registerCharts([BarChart, LineChart, PieChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

/** The options Rapport's charts may use. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | FunnelSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | AriaComponentOption
>;

export type ChartInstance = EChartsType;

/** ECharts' built-in locale names for the app's languages. */
export const chartLocale = (language: string): "ZH" | "EN" => (language === "en" ? "EN" : "ZH");

/** A canvas chart in `element`, labelled (toolbox, tooltips, aria) in the given language. */
export const createChart = (element: HTMLElement, language: string): ChartInstance =>
  init(element, undefined, { renderer: "canvas", locale: chartLocale(language) });
