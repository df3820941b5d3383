import type { BarSeriesOption } from "echarts/charts";
import type { GridComponentOption, TooltipComponentOption } from "echarts/components";
import type { ComposeOption } from "echarts/core";

import { valueAxis } from "../../ui/utils/valueAxis";
import type { MonthTotal } from "./ordersByMonth";

export type OrdersChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

/** Order amounts (or, for viewers who may not read amounts, counts) per month as bars. */
export const ordersChartOption = ({
  months,
  amounts,
  seriesName,
  formatValue,
}: {
  months: readonly MonthTotal[];
  amounts: boolean;
  seriesName: string;
  formatValue: (value: number) => string;
}): OrdersChartOption => ({
  grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
  tooltip: { trigger: "axis", valueFormatter: (value) => formatValue(Number(value)) },
  xAxis: { type: "category", data: months.map((month) => month.month) },
  yAxis: valueAxis(formatValue),
  series: [
    {
      type: "bar",
      name: seriesName,
      data: months.map((month) => (amounts ? month.amount : month.count)),
      itemStyle: { color: "#1677ff", borderRadius: [4, 4, 0, 0] },
      barMaxWidth: 28,
    },
  ],
});
