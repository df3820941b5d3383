import { Skeleton } from "antd";
import { lazy, Suspense, type ComponentProps } from "react";

// ECharts downloads with the first chart drawn, never with a page that draws none.
const EChart = lazy(() => import("./EChart").then((module) => ({ default: module.EChart })));

type LazyEChartProps = ComponentProps<typeof EChart>;

/** EChart, loaded on first use; a skeleton of the chart's height meanwhile. */
export const LazyEChart = (props: LazyEChartProps) => (
  <Suspense fallback={<Skeleton.Node active style={{ width: "100%", height: props.height ?? 300 }} />}>
    <EChart {...props} />
  </Suspense>
);
