import { valueAxis } from "../../ui/utils/valueAxis";
import type { ChartOption } from "../echarts/echarts";

/** One named value of a single-series chart (a bar, a slice, a funnel step). */
export type ChartDatum = {
  name: string;
  value: number;
};

/** A named series over shared categories (null: no value in that category). */
export type ChartSeries = {
  name: string;
  values: Array<number | null>;
};

export type NumberFormat = (value: number) => string;

const GRID = { left: 16, right: 24, top: 40, bottom: 16 };

const asNumber = (value: unknown): number => (typeof value === "number" ? value : Number(value));

/** Bars, one per datum; horizontal ones read top to bottom in the data's order. */
export const barChartOption = ({
  data,
  seriesName,
  valueFormat,
  axisFormat = valueFormat,
  horizontal = false,
  labelWidth,
}: {
  data: readonly ChartDatum[];
  seriesName: string;
  valueFormat: NumberFormat;
  axisFormat?: NumberFormat;
  horizontal?: boolean;
  /** Horizontal bars: category names longer than this many pixels are cut with an ellipsis (the tooltip has them whole). */
  labelWidth?: number;
}): ChartOption => {
  const names = data.map((datum) => datum.name);
  const categoryAxis = {
    type: "category" as const,
    data: horizontal ? [...names].reverse() : names,
    axisTick: { alignWithLabel: true },
    ...(horizontal && labelWidth ? { axisLabel: { width: labelWidth, overflow: "truncate" as const } } : {}),
  };
  const values = data.map((datum) => datum.value);
  return {
    aria: { enabled: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (value) => valueFormat(asNumber(value)) },
    grid: { ...GRID, top: 16 },
    xAxis: horizontal ? valueAxis(axisFormat) : { ...categoryAxis, axisLabel: { interval: 0, rotate: names.length > 8 ? 30 : 0 } },
    yAxis: horizontal ? categoryAxis : valueAxis(axisFormat),
    series: [{ type: "bar", name: seriesName, data: horizontal ? [...values].reverse() : values, barMaxWidth: 36 }],
  };
};

/** Index of the datum behind a clicked bar of `barChartOption` (horizontal charts draw the data reversed). */
export const barDatumIndex = (dataIndex: number, count: number, horizontal: boolean): number =>
  horizontal ? count - 1 - dataIndex : dataIndex;

/** A donut of shares. */
export const pieChartOption = ({
  data,
  seriesName,
  valueFormat,
}: {
  data: readonly ChartDatum[];
  seriesName: string;
  valueFormat: NumberFormat;
}): ChartOption => ({
  aria: { enabled: true },
  tooltip: { trigger: "item", valueFormatter: (value) => valueFormat(asNumber(value)) },
  legend: { type: "scroll", bottom: 0 },
  series: [
    {
      type: "pie",
      name: seriesName,
      radius: ["40%", "68%"],
      center: ["50%", "45%"],
      avoidLabelOverlap: true,
      label: { formatter: "{b}\n{d}%" },
      data: data.map((datum) => ({ name: datum.name, value: datum.value })),
    },
  ],
});

/** Widest a label beside a chart may be, in pixels; longer ones end in "…" (a phone is 390 px wide). */
const LABEL_WIDTH = 120;

/**
 * A funnel in the data's order (widest first). Each step's name and value stand beside it, cut to LABEL_WIDTH:
 * inside the steps they overflowed the narrow ones ("Proposal / quote: 18" in a sliver).
 */
export const funnelChartOption = ({
  data,
  seriesName,
  valueFormat,
}: {
  data: readonly ChartDatum[];
  seriesName: string;
  valueFormat: NumberFormat;
}): ChartOption => {
  const max = Math.max(1, ...data.map((datum) => datum.value));
  return {
    aria: { enabled: true },
    tooltip: { trigger: "item", valueFormatter: (value) => valueFormat(asNumber(value)) },
    series: [
      {
        type: "funnel",
        name: seriesName,
        sort: "none",
        min: 0,
        max,
        minSize: "8%",
        left: 8,
        right: LABEL_WIDTH + 16,
        top: 16,
        bottom: 16,
        gap: 2,
        label: {
          position: "right",
          width: LABEL_WIDTH,
          overflow: "truncate",
          formatter: (params) => `${params.name}: ${valueFormat(asNumber(params.value))}`,
        },
        labelLine: { show: true, length: 8 },
        data: data.map((datum) => ({ name: datum.name, value: datum.value })),
      },
    ],
  };
};

/** Several series over shared categories: lines, grouped bars or stacked bars. */
export const seriesChartOption = ({
  categories,
  series,
  kind,
  valueFormat,
  axisFormat = valueFormat,
  yRange,
}: {
  categories: readonly string[];
  series: readonly ChartSeries[];
  kind: "line" | "bar" | "stackedBar";
  valueFormat: NumberFormat;
  axisFormat?: NumberFormat;
  yRange?: { min: number; max: number };
}): ChartOption => ({
  aria: { enabled: true },
  tooltip: {
    trigger: "axis",
    axisPointer: { type: kind === "line" ? "line" : "shadow" },
    valueFormatter: (value) => (value === null || value === undefined ? "—" : valueFormat(asNumber(value))),
  },
  legend: { type: "scroll", top: 0 },
  grid: GRID,
  xAxis: { type: "category", data: [...categories], boundaryGap: kind !== "line" },
  yAxis: valueAxis(axisFormat, yRange),
  series: series.map((entry) =>
    kind === "line"
      ? { type: "line" as const, name: entry.name, data: [...entry.values], connectNulls: true, symbolSize: 8 }
      : {
          type: "bar" as const,
          name: entry.name,
          data: [...entry.values],
          barMaxWidth: 32,
          ...(kind === "stackedBar" ? { stack: "total" } : {}),
        },
  ),
});
