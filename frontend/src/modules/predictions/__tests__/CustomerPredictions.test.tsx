import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../../testing/renderApp";
import { RequireViewer } from "../../auth/components/RequireViewer";
import { CustomerPredictions } from "../components/CustomerPredictions";
import { CUSTOMER, PREDICTION_FIELDS, churnRisk, customerAnswer, predictionServer, reason } from "./predictionFixtures";

const show = (answer: ReturnType<typeof customerAnswer>, fields = PREDICTION_FIELDS, language: "zh-CN" | "en" = "zh-CN") =>
  renderWithProviders(
    <RequireViewer>
      <CustomerPredictions customerId={CUSTOMER} tasksHref="#customer-tasks" />
    </RequireViewer>,
    predictionServer(fields, { CustomerPredictions: answer }),
    { route: `/customers/${CUSTOMER}`, language },
  );

describe("CustomerPredictions", { timeout: 30_000 }, () => {
  it("shows a high risk with its reasons, what changed, and the follow-up task", async () => {
    const rendered = show(customerAnswer(churnRisk()));
    const card = await screen.findByTestId("churn-risk", {}, { timeout: 10_000 });
    expect(within(card).getByTestId("churn-band")).toHaveTextContent("高风险");
    expect(within(card).getByTestId("churn-probability")).toHaveTextContent("82%");
    const reasons = within(card).getAllByTestId("churn-reason");
    expect(reasons.map((item) => item.textContent)).toEqual(["已 120 天没有下单新", "2 个未解决的投诉"]);
    expect(within(reasons[0]!).getByTestId("churn-reason-new")).toHaveTextContent("新");
    expect(within(card).getByTestId("churn-change")).toHaveTextContent("55%");
    expect(within(card).getByTestId("churn-follow-up")).toHaveTextContent("已为负责人创建跟进任务");
    expect(within(card).getByTestId("churn-tasks-link")).toHaveAttribute("href", "#customer-tasks");
    expect(within(card).queryByTestId("churn-small-data")).toBeNull();
    expect(screen.getByTestId("cross-sell-item")).toHaveTextContent("碳粉盒");
    expect(screen.getByTestId("cross-sell-item")).toHaveTextContent("因为其购买了 激光打印机");
    expect(screen.getByTestId("cross-sell-item")).toHaveTextContent("80%");
    const sent = rendered.calls.find((call) => call.operationName === "CustomerPredictions");
    expect(sent?.variables).toEqual({ id: CUSTOMER, withChurn: true, withCrossSell: true });
  });

  it("shows a low risk without a follow-up, in English", async () => {
    show(
      customerAnswer(churnRisk({ band: "LOW", probability: 0.12, previousProbability: 0.2, reasons: [reason("FEW_ORDERS", "Short order history: 2 orders")] })),
      PREDICTION_FIELDS,
      "en",
    );
    const card = await screen.findByTestId("churn-risk", {}, { timeout: 10_000 });
    expect(within(card).getByTestId("churn-band")).toHaveTextContent("Low risk");
    expect(within(card).queryByTestId("churn-follow-up")).toBeNull();
    expect(within(card).getByTestId("churn-reason")).toHaveTextContent("Short order history: 2 orders");
    expect(within(card).getByTestId("churn-change")).toHaveTextContent("from 20%");
    expect(within(card).getByTestId("churn-change").querySelector(".anticon-arrow-down")).not.toBeNull();
  });

  it("draws no arrow when the risk did not change since the last score", async () => {
    show(customerAnswer(churnRisk({ band: "MEDIUM", probability: 0.45, previousProbability: 0.45 })));
    const card = await screen.findByTestId("churn-risk", {}, { timeout: 10_000 });
    const change = within(card).getByTestId("churn-change");
    expect(change).toHaveTextContent("45%");
    expect(change.querySelector(".anticon-arrow-up, .anticon-arrow-down")).toBeNull();
  });

  it("labels a score from small data, and its first score", async () => {
    show(customerAnswer(churnRisk({ band: "MEDIUM", probability: 0.4, smallData: true, previousProbability: null, previousScoredAt: null })));
    const card = await screen.findByTestId("churn-risk", {}, { timeout: 10_000 });
    expect(within(card).getByTestId("churn-band")).toHaveTextContent("中风险");
    expect(within(card).getByTestId("churn-small-data")).toHaveTextContent("数据较少");
    expect(within(card).getByTestId("churn-change")).toHaveTextContent("首次评分");
  });

  it("says when the customer was not scored yet", async () => {
    show(customerAnswer(null, []));
    expect(await screen.findByTestId("churn-not-scored", {}, { timeout: 10_000 })).toHaveTextContent("尚未评分");
    expect(screen.getByTestId("cross-sell")).toHaveTextContent("暂无建议");
  });

  it("renders and sends nothing to a viewer who may read no prediction", async () => {
    const rendered = show(customerAnswer(churnRisk()), []);
    await waitFor(() => expect(rendered.calls.some((call) => call.operationName === "Viewer")).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(screen.queryByTestId("churn-risk")).toBeNull();
    expect(screen.queryByTestId("cross-sell")).toBeNull();
    expect(rendered.calls.some((call) => call.operationName === "CustomerPredictions")).toBe(false);
  });
});
