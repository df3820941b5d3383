import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import {
  CUSTOMER_FIGURES,
  dashboardCustomersResponse,
  dashboardSalesResponse,
  dashboardServiceResponse,
  reads,
  SALES_FIGURES,
  SALES_VIEWER,
  SERVICE_VIEWER,
} from "../../../modules/dashboards/__tests__/dashboardFixtures";
import { findChart, fakeCharts } from "../../../modules/dashboards/__tests__/fakeCharts";
import { defaultLayoutResponse } from "../../../modules/layouts/__tests__/layoutFixtures";
import type { Viewer } from "../../../modules/auth/types/Viewer";
import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

// ECharts does not draw in jsdom: charts are fakes that record their options and replay clicks.
vi.mock("../../../modules/dashboards/echarts/echarts", async () => {
  const fake = await import("../../../modules/dashboards/__tests__/fakeCharts");
  return { createChart: fake.createFakeChart, chartLocale: (language: string) => (language === "en" ? "EN" : "ZH") };
});

afterEach(() => {
  fakeCharts.length = 0;
});

const server =
  (viewer: Viewer, overrides: Partial<Record<string, FakeGraphqlResolver>> = {}): FakeGraphqlResolver =>
  (operationName, variables, operation) => {
    const override = overrides[operationName];
    if (override) return override(operationName, variables, operation);
    if (operationName === "Viewer") return viewerResponse(viewer);
    if (operationName === "DashboardSales") return dashboardSalesResponse(variables);
    if (operationName === "DashboardCustomers") return dashboardCustomersResponse(variables);
    if (operationName === "DashboardService") return dashboardServiceResponse(variables);
    if (operationName === "DashboardLayout") return defaultLayoutResponse(variables);
    // The shell's own queries (notifications, search) are not this page's business.
    return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
  };

// The first render loads the page chunk and the layout logic: generous on a busy machine.
const LOAD = { timeout: 10000 };
type Call = { operationName: string; variables: Record<string, unknown> };
/** The figures' queries (each widget asks for its own panel: one call per panel shown). */
const pageCalls = (calls: Call[]) => calls.filter((call) => call.operationName.startsWith("Dashboard") && call.operationName !== "DashboardLayout");
/** Which `with…` flags any of these calls set. */
const asked = (calls: Call[]) =>
  new Set(calls.flatMap((call) => Object.entries(call.variables).filter(([name, value]) => name.startsWith("with") && name !== "withRevenue" && value === true).map(([name]) => name)));

describe("DashboardsPage", () => {
  it("asks only for the panels a sales viewer may read, for the period in the URL", async () => {
    const app = renderApp(server(SALES_VIEWER), { route: "/dashboards?period=quarter" });

    expect(await screen.findByTestId("panel-funnel-chart", {}, LOAD)).toBeInTheDocument();
    await screen.findByTestId("panel-customers-rfm-chart", {}, LOAD);
    const calls = pageCalls(app.calls);
    expect([...new Set(calls.map((call) => call.operationName))].sort()).toEqual(["DashboardCustomers", "DashboardSales"]);
    const salesCalls = calls.filter((call) => call.operationName === "DashboardSales");
    expect(asked(salesCalls)).toEqual(new Set(["withFunnel", "withRevenueByRegion", "withRevenueByMonth", "withRevenueByRep", "withForecast"]));
    // Each widget asks for its own panel only.
    for (const call of salesCalls) expect(asked([call]).size).toBe(1);
    const sales = salesCalls[0];
    // This quarter, whatever today is: three months from a quarter's first day.
    const from = String(sales?.variables["from"]);
    expect(from).toMatch(/^\d{4}-(01|04|07|10)-01$/);
    expect(sales?.variables["quarterStart"]).toBe(from);
    const customers = calls.filter((call) => call.operationName === "DashboardCustomers");
    expect(asked(customers)).toEqual(new Set(["withRfm", "withRegion", "withIndustry", "withGrade"]));
    expect(customers.every((call) => call.variables["withRevenue"] === true)).toBe(true);
    expect(screen.queryByTestId("dashboard-service")).not.toBeInTheDocument();
    expect(screen.getByTestId("period-quarter").closest(".ant-segmented-item")).toHaveClass("ant-segmented-item-selected");
  });

  it("asks a service viewer for the service panels only", async () => {
    const app = renderApp(server(SERVICE_VIEWER), { route: "/dashboards?period=year" });

    expect(await screen.findByTestId("panel-csat-chart", {}, LOAD)).toBeInTheDocument();
    const calls = pageCalls(app.calls);
    expect(new Set(calls.map((call) => call.operationName))).toEqual(new Set(["DashboardService"]));
    expect(calls.every((call) => call.variables["bucket"] === "MONTH")).toBe(true);
    expect(asked(calls)).toEqual(new Set(["withCsat", "withVolume"]));
    expect(screen.getByTestId("sla-first-response")).toHaveTextContent("92%");
    expect(screen.getByTestId("sla-resolution")).toHaveTextContent("75%");
    expect(screen.queryByTestId("dashboard-sales")).not.toBeInTheDocument();
    expect(screen.queryByTestId("dashboard-customers")).not.toBeInTheDocument();
  });

  it("leaves out a panel whose fields the viewer may not all read", async () => {
    // Reps' ids are not readable: no revenue by rep; customer groups without revenue.
    const fields = [...SALES_FIGURES, ...CUSTOMER_FIGURES].filter(
      ([name]) => name !== "SalesPerformanceRow.id" && name !== "CustomerGroup.revenue",
    );
    const app = renderApp(server(viewerWith(fields)), { route: "/dashboards" });

    await screen.findByTestId("panel-revenue-region-chart", {}, LOAD);
    await screen.findByTestId("panel-customers-grade-chart", {}, LOAD);
    const sales = pageCalls(app.calls).filter((call) => call.operationName === "DashboardSales");
    expect(asked(sales).has("withRevenueByRep")).toBe(false);
    expect(asked(sales).has("withRevenueByRegion")).toBe(true);
    const customers = pageCalls(app.calls).filter((call) => call.operationName === "DashboardCustomers");
    expect(customers.every((call) => call.variables["withRevenue"] === false)).toBe(true);
    expect(screen.queryByTestId("panel-revenue-rep")).not.toBeInTheDocument();
  });

  it("says so when the viewer may read no dashboard, and asks for nothing", async () => {
    const app = renderApp(server(viewerWith(reads("Query", "customers"))), { route: "/dashboards" });

    expect(await screen.findByTestId("dashboards-none", {}, LOAD)).toBeInTheDocument();
    expect(pageCalls(app.calls)).toEqual([]);
  });

  it("drills down from a chart's bar, slice and funnel step to the matching list", async () => {
    const app = renderApp(server(SALES_VIEWER), { route: "/dashboards" });
    await screen.findByTestId("panel-revenue-region-chart", {}, LOAD);
    await screen.findByTestId("panel-customers-rfm-chart", {}, LOAD);

    // The won deals of the region in the period (this month: the dashboards' default).
    (await findChart("panel-revenue-region-chart")).click(1);
    await waitFor(() =>
      expect(decodeURIComponent(app.currentLocation())).toMatch(
        /^\/opportunities\?status=WON&province=浙江省&closedFrom=\d{4}-\d{2}-01&closedTo=\d{4}-\d{2}-\d{2}$/,
      ),
    );
  });

  it.each([
    ["panel-customers-rfm-chart", 0, "/customers?rfm=HIGH_VALUE"],
    ["panel-customers-grade-chart", 0, "/customers?grade=A"],
    ["panel-customers-industry-chart", 1, "/customers?industry=零售"],
    ["panel-funnel-chart", 1, "/opportunities?reached=quote&from=2026-01-01&to=2026-03-31"],
    // Horizontal bars are drawn bottom-up: the first drawn is the last rep.
    ["panel-revenue-rep-chart", 0, "/opportunities?status=WON&owner=VXNlcjoz&closedFrom=2026-01-01&closedTo=2026-03-31"],
  ])("%s item %i opens %s", async (testId, dataIndex, expected) => {
    const app = renderApp(server(SALES_VIEWER), { route: "/dashboards?period=custom&from=2026-01-01&to=2026-03-31" });
    await screen.findByTestId(testId, {}, LOAD);

    (await findChart(testId)).click(dataIndex);
    await waitFor(() => expect(decodeURIComponent(app.currentLocation())).toBe(expected));
  });

  it("opens a month's won deals, within the period", async () => {
    const app = renderApp(server(SALES_VIEWER), { route: "/dashboards?period=custom&from=2026-10-15&to=2026-12-31" });
    await screen.findByTestId("panel-revenue-month-chart", {}, LOAD);

    (await findChart("panel-revenue-month-chart")).click(0); // October, in month order
    await waitFor(() => expect(app.currentLocation()).toBe("/opportunities?status=WON&closedFrom=2026-10-15&closedTo=2026-10-31"));
  });

  it("opens the ticket list of a category clicked in a stacked chart", async () => {
    const app = renderApp(server(SERVICE_VIEWER), { route: "/dashboards" });
    await screen.findByTestId("panel-volume-category-chart", {}, LOAD);

    // Series are ordered by volume: billing (5) before hardware (3). Every ticket of the category created in the
    // period, whatever its status and whoever works it.
    (await findChart("panel-volume-category-chart")).click(0, 1);
    await waitFor(() => expect(app.currentLocation()).toMatch(/^\/service\?tab=all&category=hardware&closed=1&from=[\d-]+&to=[\d-]+$/));
  });

  it("does nothing for a group nobody can filter on", async () => {
    const app = renderApp(server(SALES_VIEWER), { route: "/dashboards" });
    await screen.findByTestId("panel-revenue-region-chart", {}, LOAD);

    (await findChart("panel-revenue-region-chart")).click(2); // "—": province unknown
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.currentLocation()).toBe("/dashboards");
  });

  it("shows a chart's figures as a table whose rows drill down too", async () => {
    const user = userEvent.setup();
    const app = renderApp(server(SALES_VIEWER), { route: "/dashboards" });
    const panel = await screen.findByTestId("panel-customers-region", {}, LOAD);

    await user.click(within(panel).getByTestId("panel-customers-region-view-table"));
    const table = within(panel).getByTestId("panel-customers-region-table");
    expect(within(table).getByText("广东省")).toBeInTheDocument();
    expect(within(table).getByText("未知")).toBeInTheDocument(); // the unknown group is listed, not linked
    expect(within(panel).queryByTestId("panel-customers-region-drill-2")).not.toBeInTheDocument();
    expect(within(panel).queryByTestId("panel-customers-region-chart")).not.toBeInTheDocument();

    // The link carries the figure it stands for.
    expect(within(panel).getByTestId("panel-customers-region-drill-0")).toHaveAttribute("data-drill-count");
    await user.click(within(panel).getByTestId("panel-customers-region-drill-0"));
    await waitFor(() => expect(decodeURIComponent(app.currentLocation())).toBe("/customers?province=广东省"));
  });

  it("keeps the period in the URL", async () => {
    const user = userEvent.setup();
    const app = renderApp(server(SALES_VIEWER), { route: "/dashboards" });
    await screen.findByTestId("panel-funnel-chart", {}, LOAD);

    await user.click(screen.getByTestId("period-year"));
    await waitFor(() => expect(app.currentLocation()).toBe("/dashboards?period=year"));
    await waitFor(() =>
      expect(pageCalls(app.calls).some((call) => String(call.variables["from"]).endsWith("-01-01") && call.variables["to"] !== undefined)).toBe(true),
    );
  });

  it("reads a custom range from the URL and offers to change it", async () => {
    const user = userEvent.setup();
    const app = renderApp(server(SERVICE_VIEWER), { route: "/dashboards?period=custom&from=2026-03-05&to=2026-03-20" });
    await screen.findByTestId("panel-csat-chart", {}, LOAD);

    const service = pageCalls(app.calls).find((call) => call.operationName === "DashboardService");
    expect(String(service?.variables["createdFrom"])).toMatch(/^2026-03-05T00:00:00/);
    expect(String(service?.variables["createdTo"])).toMatch(/^2026-03-21T00:00:00/);
    expect(screen.getByTestId("period-range")).toBeInTheDocument();
    expect(screen.getByDisplayValue("2026-03-05")).toBeInTheDocument();
    expect(screen.getByDisplayValue("2026-03-20")).toBeInTheDocument();

    await user.click(screen.getByTestId("period-month"));
    await waitFor(() => expect(app.currentLocation()).toBe("/dashboards"));
    expect(screen.queryByTestId("period-range")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("period-custom"));
    await waitFor(() => expect(app.currentLocation()).toMatch(/^\/dashboards\?period=custom&from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}$/));
  });

  it("labels charts in the viewer's language and formats money", async () => {
    // The server names the seeded stages in the language the client asks for (Accept-Language).
    const english: FakeGraphqlResolver = (_, variables) => dashboardSalesResponse(variables, "en");
    renderApp(server(SALES_VIEWER, { DashboardSales: english }), { route: "/dashboards", language: "en" });
    await screen.findByTestId("panel-funnel-chart", {}, LOAD);

    const funnel = (await findChart("panel-funnel-chart"));
    expect(funnel.language).toBe("en");
    expect(JSON.stringify(funnel.options.at(-1))).toContain("Needs analysis");
    expect(screen.getByText("Revenue by region")).toBeInTheDocument();
  });

  it("shows an error with a retry that asks again", async () => {
    const user = userEvent.setup();
    let failures = 1;
    const app = renderApp(
      server(SERVICE_VIEWER, {
        DashboardService: (_name, variables) => {
          if (failures > 0) {
            failures -= 1;
            return { data: null, errors: [{ message: "boom", extensions: { code: "INTERNAL" } }] };
          }
          return dashboardServiceResponse(variables);
        },
      }),
      { route: "/dashboards" },
    );

    // One widget's query failed (the others answered): its retry asks again, once.
    await user.click(await screen.findByTestId("retry", {}, LOAD));
    await waitFor(() => expect(screen.queryByTestId("retry")).not.toBeInTheDocument());
    const widgets = new Set(pageCalls(app.calls).map((call) => [...asked([call])].join())).size;
    expect(pageCalls(app.calls)).toHaveLength(widgets + 1);
  });

  it("disposes its charts when the page goes away", async () => {
    const app = renderApp(server(SALES_VIEWER), { route: "/dashboards" });
    await screen.findByTestId("panel-customers-rfm-chart", {}, LOAD);
    const live = fakeCharts.filter((chart) => !chart.disposed);
    expect(live.length).toBe(9);

    app.unmount();
    expect(live.every((chart) => chart.disposed)).toBe(true);
  });
});
