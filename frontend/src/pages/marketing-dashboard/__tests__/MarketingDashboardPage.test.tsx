import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import { afterEach, describe, expect, it, vi } from "vitest";

import { fakeCharts, findChart } from "../../../modules/dashboards/__tests__/fakeCharts";
import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

vi.mock("../../../modules/dashboards/echarts/echarts", async () => {
  const fake = await import("../../../modules/dashboards/__tests__/fakeCharts");
  return { createChart: fake.createFakeChart, chartLocale: (language: string) => (language === "en" ? "EN" : "ZH") };
});

afterEach(() => {
  fakeCharts.length = 0;
});

const MARKETER = viewerWith([
  ["Query.marketingFigures", "READ"],
  ["Query.marketingAttributionCompare", "READ"],
  ["Query.marketingSpendRatio", "READ"],
  ["Order.totalAmount", "READ"],
  ["Query.campaigns", "READ"],
  ["Query.campaign", "READ"],
  ["Campaign.name", "READ"],
]);

const row = (model: string, campaignId: string | null, channel: string | null) => ({
  __typename: "MarketingFigureRow",
  campaignId,
  channel,
  reach: 100,
  responses: 40,
  conversions: model === "FIRST_TOUCH" ? 3 : 5,
  attributedRevenue: model === "FIRST_TOUCH" ? "3000.00" : "5000.00",
  cost: "1000.00",
  roi: model === "FIRST_TOUCH" ? 2 : 4,
});

const server =
  (viewer = MARKETER): FakeGraphqlResolver =>
  (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(viewer);
    if (operationName === "MarketingDashboard") {
      const model = String(variables.model);
      return {
        data: {
          byCampaign: [row(model, "Q2FtcGFpZ246MQ==", null)],
          byChannel: [row(model, null, "sms")],
          marketingAttributionCompare: ["FIRST_TOUCH", "LAST_TOUCH", "LINEAR", "POSITION_BASED", "TIME_DECAY"].map((m) => ({
            __typename: "AttributionTotal",
            model: m,
            conversions: 5,
            attributedRevenue: "8000.00",
          })),
          marketingSpendRatio: { __typename: "MarketingSpendRatio", spend: "1000.00", salesRevenue: "20000.00", ratio: 0.05 },
          campaigns: { __typename: "CampaignConnection", nodes: [{ __typename: "Campaign", id: "Q2FtcGFpZ246MQ==", name: "双十一" }] },
        },
      };
    }
    return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
  };

// The page, its lazy strings and ECharts load on first use: the first test pays for the transform.
const LOAD = { timeout: 20000 };

describe("MarketingDashboardPage", () => {
  it("asks for the figures under the chosen attribution model and shows the campaign by name", { timeout: 60000 }, async () => {
    const app = renderApp(server(), { route: "/marketing/dashboard?period=quarter" });
    expect(await screen.findByTestId("figures-by-campaign", {}, LOAD)).toHaveTextContent("双十一");
    expect(screen.getByRole("link", { name: "双十一" })).toHaveAttribute("href", "/marketing/campaigns/Q2FtcGFpZ246MQ==");
    // Channels by name in the reader's language.
    expect(screen.getByTestId("figures-by-channel")).toHaveTextContent("短信");
    expect(screen.getByTestId("figures-by-channel")).not.toHaveTextContent("sms");
    const first = app.calls.filter((call) => call.operationName === "MarketingDashboard");
    expect(first.at(-1)?.variables).toMatchObject({ model: "LAST_TOUCH" });

    await userEvent.click(screen.getByTestId("model-FIRST_TOUCH"));
    await waitFor(() =>
      expect(app.calls.filter((call) => call.operationName === "MarketingDashboard").at(-1)?.variables).toMatchObject({
        model: "FIRST_TOUCH",
      }),
    );
    // The rows follow the model: first touch credits 3000 here, last touch 5000.
    await waitFor(() => expect(screen.getByTestId("figures-by-campaign")).toHaveTextContent("3,000"));
    // The side-by-side totals are the same whatever model is chosen (they reconcile).
    expect(screen.getByTestId("attribution-compare")).toHaveTextContent("8,000");
  });

  it("on a phone stacks each row's figures with cost and ROI, and says conversions count every touch", { timeout: 60000 }, async () => {
    // jsdom's matchMedia matches no breakpoint: the page lays out as on a phone.
    renderApp(server(), { route: "/marketing/dashboard?period=quarter" });
    const items = await screen.findAllByTestId("figures-by-channel-item", {}, LOAD);
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent("短信");
    expect(items[0]).toHaveTextContent("成本 ¥1,000");
    expect(items[0]).toHaveTextContent("ROI");
    expect(items[0]).toHaveTextContent("ROI 400%");
    expect(screen.getByTestId("funnel-note")).toHaveTextContent("可能多于点击数");
    // The funnel's last step named for what it counts; the ROI bars laid sideways, long names cut.
    const funnel = await findChart("marketing-funnel-chart");
    expect(JSON.stringify(funnel.options.at(-1))).toContain("转化（所有触点）");
    const roi = (await findChart("marketing-roi-campaign-chart")).options.at(-1) as { yAxis?: { type?: string; axisLabel?: { overflow?: string } } };
    expect(roi.yAxis).toMatchObject({ type: "category", axisLabel: { overflow: "truncate" } });
  });

  it("is refused to a viewer who may not read order amounts, without asking the server", async () => {
    const viewer = viewerWith([["Query.marketingFigures", "READ"]]);
    const app = renderApp(server(viewer), { route: "/marketing/dashboard" });
    expect(await screen.findByTestId("no-access", {}, LOAD)).toHaveTextContent("您无权查看营销数据（其中包含收入）。");
    expect(app.calls.some((call) => call.operationName === "MarketingDashboard")).toBe(false);
  });

  it("is where /marketing sends a viewer who may read the figures but none of the workspace's sections", { timeout: 30000 }, async () => {
    const analyst = viewerWith([
      ["Query.marketingFigures", "READ"],
      ["Query.marketingAttributionCompare", "READ"],
      ["Query.marketingSpendRatio", "READ"],
      ["Order.totalAmount", "READ"],
    ]);
    const app = renderApp(server(analyst), { route: "/marketing" });
    expect(await screen.findByTestId("figures-by-campaign", {}, LOAD)).toBeInTheDocument();
    expect(app.currentLocation()).toBe("/marketing/dashboard");
  });

  it("opens on this quarter when no period is chosen (campaigns run for weeks)", { timeout: 30000 }, async () => {
    const app = renderApp(server(), { route: "/marketing/dashboard" });
    expect(await screen.findByTestId("figures-by-campaign", {}, LOAD)).toBeInTheDocument();
    const month = dayjs().month();
    const start = dayjs()
      .startOf("month")
      .month(month - (month % 3))
      .format("YYYY-MM-DD");
    const asked = app.calls.filter((call) => call.operationName === "MarketingDashboard").at(-1)?.variables;
    expect(asked).toMatchObject({ period: { from: start, to: dayjs(start).add(3, "month").format("YYYY-MM-DD") } });
  });
});
