import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { init, use as registerEchartsParts, type EChartsType } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useMemo, useRef } from "react";

import type { MonthTotal } from "../utils/ordersByMonth";
import { ordersChartOption } from "../utils/ordersChartOption";

// Only what a bar chart needs: echarts/core keeps the rest of ECharts out of the bundle.
registerEchartsParts([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

type OrdersChartProps = {
  months: readonly MonthTotal[];
  /** Chart amounts (else order counts). */
  amounts: boolean;
  seriesName: string;
  formatValue: (value: number) => string;
  height?: number;
};

/** Order amounts (or counts) per month as bars. Drawn once the container has a size; follows resizes. */
export const OrdersChart = ({ months, amounts, seriesName, formatValue, height = 260 }: OrdersChartProps) => {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  const option = useMemo(
    () => ordersChartOption({ months, amounts, seriesName, formatValue }),
    [months, amounts, seriesName, formatValue],
  );
  const optionRef = useRef(option);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const draw = () => {
      if (element.clientWidth === 0 || element.clientHeight === 0) return;
      if (!chart.current) {
        chart.current = init(element, null, { renderer: "svg" });
        chart.current.setOption(optionRef.current, true);
      }
      chart.current.resize();
    };
    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    optionRef.current = option;
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={container} style={{ width: "100%", height }} data-testid="orders-chart" />;
};
