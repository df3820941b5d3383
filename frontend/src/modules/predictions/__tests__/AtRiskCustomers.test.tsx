import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { viewerWith } from "../../../testing/fixtures";
import { renderApp, renderWithProviders } from "../../../testing/renderApp";
import { RequireViewer } from "../../auth/components/RequireViewer";
import { DASHBOARD_WIDGETS } from "../../dashboards/components/dashboardWidgets";
import { permissionIndex } from "../../permissions/utils/permissionIndex";
import { AtRiskCustomersWidget } from "../components/AtRiskCustomersWidget";
import { churnRisk, PREDICTION_FIELDS, predictionServer, reason } from "./predictionFixtures";

const AT_RISK_FIELDS = [...PREDICTION_FIELDS, "Customer.name", "Query.customersAtRisk"];

const customer = (id: string, name: string, probability: number, band = "HIGH", reasons = [reason("NO_RECENT_ORDER", "已 120 天没有下单")]) => ({
  __typename: "Customer",
  id,
  name,
  churnRisk: churnRisk({ probability, band, reasons }),
});

const page = (nodes: unknown[], totalCount: number, endCursor: string | null, hasNextPage = false) => ({
  data: {
    customersAtRisk: {
      __typename: "CustomerConnection",
      totalCount,
      pageInfo: { __typename: "PageInfo", hasNextPage, endCursor },
      nodes,
    },
  },
});

describe("customers at churn risk", { timeout: 30_000 }, () => {
  it("the widget lists the riskiest customers with probability, band and top reason, each to its 360° page", async () => {
    const rendered = renderWithProviders(
      <RequireViewer>
        <AtRiskCustomersWidget />
      </RequireViewer>,
      predictionServer(AT_RISK_FIELDS, {
        CustomersAtRisk: page([customer("Q3VzdG9tZXI6MQ", "华为技术", 0.91), customer("Q3VzdG9tZXI6Mg", "小米科技", 0.74, "HIGH", [])], 12, "c2", true),
      }),
    );
    const widget = await screen.findByTestId("at-risk-widget", {}, { timeout: 10_000 });
    const [first, second, ...rest] = within(widget).getAllByTestId("at-risk-customer");
    if (!first || !second) throw new Error("two customers expected");
    expect(rest).toHaveLength(0);
    expect(within(first).getByTestId("at-risk-customer-link")).toHaveAttribute("href", "/customers/Q3VzdG9tZXI6MQ");
    expect(within(first).getByTestId("at-risk-probability")).toHaveTextContent("91%");
    expect(within(first).getByTestId("at-risk-band")).toHaveTextContent("高风险");
    expect(within(first).getByTestId("at-risk-reason")).toHaveTextContent("已 120 天没有下单");
    expect(within(second).getByTestId("at-risk-reason")).toHaveTextContent("没有突出的原因");
    expect(widget).toHaveTextContent("12 位高风险客户");
    expect(within(widget).getByTestId("at-risk-view-all")).toHaveAttribute("href", "/customers/at-risk");
    expect(rendered.calls.find((call) => call.operationName === "CustomersAtRisk")?.variables).toEqual({ bands: ["HIGH"], first: 5 });
  });

  it("is offered in the dashboards' catalogue only to viewers who may read churn risk", () => {
    const entry = DASHBOARD_WIDGETS.find((widget) => widget.kind === "customersAtRisk");
    const index = (fields: string[]) => permissionIndex(viewerWith(fields.map((field) => [field, "READ"])).permissions);
    expect(entry?.inDefault(index(AT_RISK_FIELDS))).toBe(false);
    expect(entry?.readable(index(AT_RISK_FIELDS))).toBe(true);
    expect(entry?.readable(index(AT_RISK_FIELDS.filter((field) => field !== "Customer.churnRisk")))).toBe(false);
    expect(entry?.readable(index(AT_RISK_FIELDS.filter((field) => field !== "Query.customersAtRisk")))).toBe(false);
  });

  it("the page pages through the list, filters by band and opens a customer's 360° page", async () => {
    const rendered = renderApp(
      (operationName, variables, operation) => {
        if (operationName !== "CustomersAtRisk") return predictionServer(AT_RISK_FIELDS, {})(operationName, variables, operation);
        const vars = variables as { after?: string | null; bands: string[] };
        if (vars.bands.includes("MEDIUM")) return page([customer("Q3VzdG9tZXI6Mw", "格力电器", 0.42, "MEDIUM")], 1, "m1");
        return vars.after === "c1"
          ? page([customer("Q3VzdG9tZXI6Mg", "小米科技", 0.74)], 2, "c2")
          : page([customer("Q3VzdG9tZXI6MQ", "华为技术", 0.91)], 2, "c1", true);
      },
      { route: "/customers/at-risk", language: "en" },
    );
    const list = await screen.findByTestId("at-risk-page", {}, { timeout: 10_000 });
    expect(await within(list).findByText("华为技术")).toBeInTheDocument();
    expect(list).toHaveTextContent("Customers at churn risk");
    expect(list).toHaveTextContent("2 customers");
    fireEvent.click(screen.getByTestId("at-risk-next"));
    expect(await within(list).findByText("小米科技")).toBeInTheDocument();
    expect(screen.getByTestId("at-risk-next")).toBeDisabled();
    fireEvent.click(screen.getByTestId("at-risk-previous"));
    expect(await within(list).findByText("华为技术")).toBeInTheDocument();
    fireEvent.click(within(screen.getByTestId("at-risk-bands")).getByText("Medium risk"));
    expect(await within(list).findByText("格力电器")).toBeInTheDocument();
    const asked = rendered.calls.filter((call) => call.operationName === "CustomersAtRisk").map((call) => call.variables);
    expect(asked).toContainEqual({ bands: ["HIGH"], first: 20, after: "c1" });
    expect(asked).toContainEqual({ bands: ["HIGH", "MEDIUM"], first: 20, after: null });
    fireEvent.click(within(list).getByText("格力电器"));
    await waitFor(() => expect(rendered.currentLocation()).toBe("/customers/Q3VzdG9tZXI6Mw"));
  });

  it("the page is not allowed to viewers who may not read churn risk", async () => {
    renderApp(predictionServer(["Customer.name"], {}), { route: "/customers/at-risk", language: "en" });
    expect(await screen.findByTestId("no-access", {}, { timeout: 10_000 })).toBeInTheDocument();
  });
});
