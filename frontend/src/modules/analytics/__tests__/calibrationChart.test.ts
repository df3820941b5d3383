import { describe, expect, it } from "vitest";

import { calibrationAxisMax, calibrationChartOption } from "../utils/calibrationChart";
import { BINS } from "./runFixtures";

const LABELS = {
  observed: "observed",
  perfect: "perfect",
  predictedAxis: "predicted",
  observedAxis: "observed rate",
  point: (bin: { decile: number }) => `decile ${bin.decile}`,
};

describe("calibrationChartOption", () => {
  it("draws each decile at (predicted, observed) and the diagonal over the same range on both axes", () => {
    const option = calibrationChartOption(BINS, LABELS, (value) => `${Math.round(value * 100)}%`);
    const series = option.series as Array<{ name: string; data: number[][] }>;
    expect(series[0]?.data[0]).toEqual([0.05, 0.07]);
    expect(series[0]?.data).toHaveLength(10);
    // The largest rate is 0.52: both axes end at 0.6, and so does the diagonal.
    expect(series[1]?.data).toEqual([
      [0, 0],
      [0.6, 0.6],
    ]);
    expect(option.xAxis).toMatchObject({ min: 0, max: 0.6, name: "predicted" });
    expect(option.yAxis).toMatchObject({ min: 0, max: 0.6, name: "observed rate" });
  });

  it("keeps low rates readable and never goes past 1", () => {
    expect(calibrationAxisMax([{ ...BINS[0]!, predicted: 0.01, observed: 0.02 }])).toBe(0.1);
    expect(calibrationAxisMax([{ ...BINS[0]!, predicted: 0.3, observed: 0.3 }])).toBe(0.3);
    expect(calibrationAxisMax([{ ...BINS[0]!, predicted: 0.97, observed: 1 }])).toBe(1);
    expect(calibrationAxisMax([])).toBe(0.1);
  });

  it("names the decile under the pointer", () => {
    const option = calibrationChartOption(BINS, LABELS, String);
    const formatter = (option.tooltip as { formatter: (params: unknown) => string }).formatter;
    expect(formatter({ seriesIndex: 0, dataIndex: 2 })).toBe("decile 3");
    expect(formatter({ seriesIndex: 1, dataIndex: 0 })).toBe("perfect");
  });
});
