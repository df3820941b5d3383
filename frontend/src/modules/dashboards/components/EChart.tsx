import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

import { createChart, type ChartInstance, type ChartOption } from "../echarts/echarts";
import type { ChartClick } from "../types/ChartClick";

type EChartProps = {
  option: ChartOption;
  /** Pixels; the width follows the container. */
  height?: number;
  /** A bar, slice, point or funnel step was clicked. */
  onItemClick?: (click: ChartClick) => void;
  testId: string;
};

/**
 * One ECharts canvas: created in the current language (made again when it changes), redrawn when `option`
 * changes, resized with the window and its container, disposed on unmount.
 */
export const EChart = ({ option, height = 300, onItemClick, testId }: EChartProps) => {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartInstance | null>(null);
  const clickHandler = useRef(onItemClick);
  const latestOption = useRef(option);

  useEffect(() => {
    clickHandler.current = onItemClick;
  }, [onItemClick]);

  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const instance = createChart(element, language);
    chart.current = instance;
    instance.setOption(latestOption.current, { notMerge: true });
    instance.on("click", (params) => {
      clickHandler.current?.({ seriesIndex: params.seriesIndex ?? 0, dataIndex: params.dataIndex });
    });
    const resize = () => instance.resize();
    window.addEventListener("resize", resize);
    const observer = new ResizeObserver(resize);
    observer.observe(element);
    return () => {
      window.removeEventListener("resize", resize);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [language]);

  useEffect(() => {
    if (latestOption.current === option) return;
    latestOption.current = option;
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={container}
      data-testid={testId}
      data-clickable={onItemClick ? "true" : "false"}
      style={{ width: "100%", height }}
    />
  );
};
