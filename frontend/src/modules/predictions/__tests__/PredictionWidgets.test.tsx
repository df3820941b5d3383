import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../../testing/renderApp";
import { RequireViewer } from "../../auth/components/RequireViewer";
import { periodFromSearchParams } from "../../dashboards/utils/dashboardPeriod";
import { LostDealsWidget, WinForecastWidget } from "../components/PredictionWidgets";
import { PREDICTION_FIELDS, predictionServer } from "./predictionFixtures";

const period = periodFromSearchParams(new URLSearchParams("period=quarter"));

const forecast = {
  data: {
    winForecast: {
      __typename: "WinForecast",
      start: period.from,
      end: period.to,
      deals: 12,
      scored: 10,
      smallData: true,
      expected: 420000,
      low: 180000,
      high: 690000,
    },
  },
};

const lostDeals = {
  data: {
    lostDealRetrospective: {
      __typename: "LostDealRetrospective",
      lostDeals: 7,
      wonDeals: 15,
      factors: [{ __typename: "RetrospectiveFactor", factor: "quoteResponseDays", lostValue: 6, wonValue: 2, text: "报价阶段响应慢：中位数 6 天，赢单为 2 天" }],
    },
  },
};

describe("prediction widgets", { timeout: 30_000 }, () => {
  it("shows the forecast's expected value with its P10–P90 range, asked for the widget's period", async () => {
    const rendered = renderWithProviders(
      <RequireViewer>
        <WinForecastWidget period={period} />
      </RequireViewer>,
      predictionServer(PREDICTION_FIELDS, { DashboardWinForecast: forecast }),
    );
    const widget = await screen.findByTestId("win-forecast", {}, { timeout: 10_000 });
    expect(within(widget).getByTestId("win-forecast-expected")).toHaveTextContent("420,000");
    expect(within(widget).getByTestId("win-forecast-range")).toHaveTextContent("180,000");
    expect(within(widget).getByTestId("win-forecast-range")).toHaveTextContent("690,000");
    // Chinese punctuation in the zh-CN range: a full-width colon after the label.
    expect(within(widget).getByTestId("win-forecast-range")).toHaveTextContent("P10（保守）：¥180,000.00P90（乐观）：¥690,000.00");
    expect(widget).toHaveTextContent("12 个商机（10 个已评分）");
    expect(widget).toHaveTextContent("数据较少");
    expect(rendered.calls.find((call) => call.operationName === "DashboardWinForecast")?.variables).toEqual({ from: period.from, to: period.to });
  });

  it("lists the lost deals' factors in words", async () => {
    renderWithProviders(
      <RequireViewer>
        <LostDealsWidget period={period} />
      </RequireViewer>,
      predictionServer(PREDICTION_FIELDS, { DashboardLostDeals: lostDeals }),
      { language: "en" },
    );
    const widget = await screen.findByTestId("lost-deals", {}, { timeout: 10_000 });
    expect(widget).toHaveTextContent("7 lost, 15 won");
    expect(within(widget).getByTestId("retrospective-factor")).toHaveTextContent("报价阶段响应慢");
  });
});
