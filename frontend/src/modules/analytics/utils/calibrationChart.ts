import type { ChartOption } from "../../dashboards/echarts/echarts";
import type { NumberFormat } from "../../dashboards/utils/chartOptions";
import { valueAxis } from "../../ui/utils/valueAxis";
import type { CalibrationBin } from "./modelRuns";

type CalibrationLabels = {
  /** The series of the deciles (observed rate against mean prediction). */
  observed: string;
  /** The diagonal: where a perfectly calibrated model's points lie. */
  perfect: string;
  predictedAxis: string;
  observedAxis: string;
  /** A decile's tooltip line. */
  point: (bin: CalibrationBin) => string;
};

/** The axes' upper end: the largest rate drawn, rounded up to a tenth (low churn rates stay readable), at most 1. */
export const calibrationAxisMax = (bins: readonly CalibrationBin[]): number => {
  const largest = Math.max(0, ...bins.flatMap((bin) => [bin.predicted, bin.observed]));
  return Math.min(1, Math.max(0.1, Math.ceil(largest * 10 - 1e-9) / 10));
};

/**
 * Calibration by decile: each decile's observed rate against its mean predicted probability, both axes from 0 to
 * the same upper end, with the diagonal where predictions equal outcomes (points above it: the model predicted too
 * low; below: too high).
 */
export const calibrationChartOption = (bins: readonly CalibrationBin[], labels: CalibrationLabels, format: NumberFormat): ChartOption => {
  const max = calibrationAxisMax(bins);
  const axis = (name: string) => ({
    ...valueAxis(format, { min: 0, max }),
    name,
    nameLocation: "middle" as const,
    nameGap: 36,
  });
  return {
    aria: { enabled: true },
    tooltip: {
      trigger: "item",
      formatter: (params) => {
        const item = Array.isArray(params) ? params[0] : params;
        const bin = item?.seriesIndex === 0 ? bins[item.dataIndex] : undefined;
        return bin ? labels.point(bin) : labels.perfect;
      },
    },
    legend: { top: 0 },
    grid: { left: 56, right: 24, top: 40, bottom: 48 },
    xAxis: axis(labels.predictedAxis),
    yAxis: { ...axis(labels.observedAxis), nameGap: 44 },
    series: [
      {
        type: "line",
        name: labels.observed,
        data: bins.map((bin) => [bin.predicted, bin.observed]),
        symbolSize: 9,
        z: 3,
      },
      {
        type: "line",
        name: labels.perfect,
        data: [
          [0, 0],
          [max, max],
        ],
        symbol: "none",
        silent: true,
        lineStyle: { type: "dashed", color: "#8c8c8c" },
        itemStyle: { color: "#8c8c8c" },
      },
    ],
  };
};
