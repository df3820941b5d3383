import { waitFor } from "@testing-library/react";
import type { ChartOption } from "../echarts/echarts";

type ClickParams = { seriesIndex?: number; dataIndex: number };

/** What a test sees of a chart: ECharts does not draw in jsdom, so `createChart` is replaced by this. */
export type FakeChart = {
  element: HTMLElement;
  language: string;
  options: ChartOption[];
  disposed: boolean;
  resizes: number;
  /** What a click on the item `dataIndex` of series `seriesIndex` does. */
  click: (dataIndex: number, seriesIndex?: number) => void;
};

export const fakeCharts: FakeChart[] = [];

/** The live (not disposed) chart drawn in the element with this test id. */
export const chartByTestId = (testId: string): FakeChart => {
  const chart = fakeCharts.find((candidate) => !candidate.disposed && candidate.element.dataset["testid"] === testId);
  if (!chart) throw new Error(`no chart in ${testId}`);
  return chart;
};

/** The chart of that element once it is drawn (charts are created in an effect, after the element shows). */
export const findChart = (testId: string): Promise<FakeChart> => waitFor(() => chartByTestId(testId), { timeout: 5000 });

export const createFakeChart = (element: HTMLElement, language: string) => {
  const handlers: Array<(params: ClickParams) => void> = [];
  const chart: FakeChart = {
    element,
    language,
    options: [],
    disposed: false,
    resizes: 0,
    click: (dataIndex, seriesIndex = 0) => handlers.forEach((handler) => handler({ dataIndex, seriesIndex })),
  };
  fakeCharts.push(chart);
  return {
    on: (event: string, handler: (params: ClickParams) => void) => {
      if (event === "click") handlers.push(handler);
    },
    setOption: (option: ChartOption) => {
      chart.options.push(option);
    },
    resize: () => {
      chart.resizes += 1;
    },
    dispose: () => {
      chart.disposed = true;
    },
  };
};
