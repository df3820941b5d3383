import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { fakeCharts, findChart } from "../../../modules/dashboards/__tests__/fakeCharts";
import { PROMOTED, REJECTED, run, runsResponse, SMALL_DATA } from "../../../modules/analytics/__tests__/runFixtures";
import type { ModelRun } from "../../../modules/analytics/utils/modelRuns";
import type { Viewer } from "../../../modules/auth/types/Viewer";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

// ECharts does not draw in jsdom: charts are fakes that record their options.
vi.mock("../../../modules/dashboards/echarts/echarts", async () => {
  const fake = await import("../../../modules/dashboards/__tests__/fakeCharts");
  return { createChart: fake.createFakeChart, chartLocale: (language: string) => (language === "en" ? "EN" : "ZH") };
});

afterEach(() => {
  fakeCharts.length = 0;
});

const ANALYST = viewerWith([["Query.predictionModelRuns", "READ"]], { roles: ["analyst"] });
const REP = viewerWith([["Query.customers", "READ"]], { roles: ["sales_rep"] });

/** The runs of each model the fake server holds (newest first), or a whole answer per call. */
const server =
  (viewer: Viewer, runs: Partial<Record<string, ModelRun[]>>, answer?: (variables: Record<string, unknown>) => FakeGraphqlResponse): FakeGraphqlResolver =>
  (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(viewer);
    if (operationName === "PredictionModelRuns") return answer?.(variables) ?? runsResponse(runs[String(variables.kind)] ?? []);
    return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
  };

const LOAD = { timeout: 20000 };
const runCalls = (app: ReturnType<typeof renderApp>) => app.calls.filter((call) => call.operationName === "PredictionModelRuns");

describe("PredictionModelsPage", () => {
  it("shows the model in force against its baseline, its calibration, and a newer run that was not promoted", { timeout: 60000 }, async () => {
    const app = renderApp(server(ANALYST, { CHURN: [REJECTED, PROMOTED] }), { route: "/prediction-models" });

    const summary = await screen.findByTestId("model-summary", {}, LOAD);
    expect(within(summary).getByTestId("summary-auc")).toHaveTextContent("0.862（基线 0.741）");
    // In plain words: the share of (churner, stayer) pairs ranked right, and recency's.
    expect(within(summary).getByTestId("summary-auc")).toHaveTextContent("86% 的情况把流失客户排在前面");
    expect(within(summary).getByTestId("summary-auc")).toHaveTextContent("为 74%");
    expect(within(summary).getByTestId("summary-precision")).toHaveTextContent("62%");
    expect(within(summary).getByTestId("summary-brier")).toHaveTextContent("比基线低 25%");
    expect(within(summary).getByTestId("summary-note")).toHaveTextContent("已启用：AUC 0.862");
    expect(within(summary).getByTestId("summary-data")).toHaveTextContent("1,200（其中流失 240）");
    expect(within(summary).queryByTestId("small-data")).toBeNull();
    // The newer training did not beat its baseline: said, with the server's reason; the older model stays.
    expect(screen.getByTestId("newest-rejected")).toHaveTextContent("未比基线 0.740 高出 0.05");

    const chart = await findChart("calibration-chart");
    const series = chart.options.at(-1)?.series as Array<{ data: number[][] }>;
    expect(series[0]?.data).toHaveLength(10);
    expect(within(screen.getByTestId("calibration-table")).getAllByRole("row")).toHaveLength(11);

    // History on a phone (jsdom matches no breakpoint): a card per run, each saying whether it was promoted and why.
    const rejected = screen.getByTestId(`run-${REJECTED.id}`);
    expect(rejected).toHaveTextContent("未启用");
    expect(within(rejected).getByTestId("run-note")).toHaveTextContent("未比基线");
    const promoted = screen.getByTestId(`run-${PROMOTED.id}`);
    expect(promoted).toHaveTextContent("已启用");
    expect(promoted).toHaveTextContent("当前生效");
    expect(screen.getByTestId("history-total")).toHaveTextContent("共 2 次训练");
    expect(screen.queryByTestId("history-load-more")).toBeNull();
    expect(runCalls(app).map((call) => call.variables)).toEqual([{ kind: "CHURN", first: 20 }]);
  });

  it("labels a model on priors as small data, and switches models by tab and URL", { timeout: 30000 }, async () => {
    const app = renderApp(server(ANALYST, { CHURN: [PROMOTED], WIN: [SMALL_DATA] }), { route: "/prediction-models" });
    await screen.findByTestId("model-summary", {}, LOAD);

    await userEvent.click(screen.getByTestId("model-tab-win"));
    const smallData = await screen.findByTestId("small-data");
    expect(smallData).toHaveTextContent("小数据模式：预测来自先验");
    expect(screen.getByTestId("summary-auc")).toHaveTextContent("验证期只有一种结果");
    expect(screen.getByTestId("summary-data")).toHaveTextContent("40（其中赢单 12）");
    expect(screen.getByTestId("calibration")).toHaveTextContent("没有校准数据");
    expect(screen.getByTestId(`run-${SMALL_DATA.id}`)).toHaveTextContent("小数据");
    expect(app.currentLocation()).toBe("/prediction-models?model=win");
    expect(runCalls(app).at(-1)?.variables).toMatchObject({ kind: "WIN" });
  });

  it("says when no model was trained yet, and when none beat its baseline", { timeout: 30000 }, async () => {
    renderApp(server(ANALYST, { CHURN: [], WIN: [REJECTED] }), { route: "/prediction-models" });
    expect(await screen.findByTestId("models-empty", {}, LOAD)).toHaveTextContent("尚未训练：模型按计划训练，管理员也可以要求立即训练；演示数据的种子也会训练它们。");

    await userEvent.click(screen.getByTestId("model-tab-win"));
    expect(await screen.findByTestId("none-in-force")).toHaveTextContent("已加载的 1 次训练都没有胜过基线");
    expect(screen.queryByTestId("model-summary")).toBeNull();
    expect(screen.getByTestId(`run-${REJECTED.id}`)).toHaveTextContent("未启用");
  });

  it("loads older runs after the cursor, on a wide screen as a table", { timeout: 30000 }, async () => {
    const phone = window.matchMedia;
    window.matchMedia = (query: string) => ({ ...phone(query), matches: query.includes("min-width") });
    try {
      const older = run({ id: "UHJlZGljdGlvbk1vZGVsUnVuOjk=", trainedAt: "2026-11-01T02:00:00Z", note: "较早的训练" });
      const app = renderApp(
        server(ANALYST, {}, (variables) =>
          variables.after === "cursor-1"
            ? runsResponse([older], { totalCount: 3 })
            : runsResponse([REJECTED, PROMOTED], { hasNextPage: true, endCursor: "cursor-1", totalCount: 3 }),
        ),
        { route: "/prediction-models?model=churn" },
      );
      const history = await screen.findByTestId("run-history", {}, LOAD);
      expect(within(history).getByRole("table")).toBeInTheDocument();
      expect(within(history).getByTestId(`run-${REJECTED.id}`)).toHaveTextContent("0.750（基线 0.740）");
      await userEvent.click(screen.getByTestId("history-load-more"));
      await waitFor(() => expect(screen.getByTestId(`run-${older.id}`)).toHaveTextContent("较早的训练"));
      expect(screen.queryByTestId("history-load-more")).toBeNull();
      expect(runCalls(app).at(-1)?.variables).toEqual({ kind: "CHURN", first: 20, after: "cursor-1" });
      // The model in force is still the newest promoted run of all loaded.
      expect(screen.getByTestId(`run-${PROMOTED.id}`)).toHaveTextContent("当前生效");
      expect(screen.getByTestId(`run-${older.id}`)).not.toHaveTextContent("当前生效");
    } finally {
      window.matchMedia = phone;
    }
  });

  it("explains the measures in English", { timeout: 30000 }, async () => {
    renderApp(server(ANALYST, { CHURN: [PROMOTED] }), { route: "/prediction-models", language: "en" });
    const summary = await screen.findByTestId("model-summary", {}, LOAD);
    expect(within(summary).getByTestId("summary-auc")).toHaveTextContent(
      "the model ranks the churner higher 86% of the time; the days since the last order alone (the baseline) do so 74% of the time",
    );
    expect(within(summary).getByTestId("summary-precision")).toHaveTextContent("about 2.1 times as many");
  });

  it("is neither offered nor opened to a role that may not read the runs", { timeout: 30000 }, async () => {
    const app = renderApp(server(REP, {}), { route: "/prediction-models" });
    expect(await screen.findByTestId("no-access", {}, LOAD)).toBeInTheDocument();
    expect(screen.queryByTestId("nav-prediction-models")).toBeNull();
    expect(screen.getByTestId("nav-customers")).toBeInTheDocument();
    expect(runCalls(app)).toEqual([]);
  });

  it("is in the analyst's navigation", { timeout: 30000 }, async () => {
    renderApp(server(ANALYST, { CHURN: [PROMOTED] }), { route: "/" });
    expect(await screen.findByTestId("nav-prediction-models", {}, LOAD)).toHaveTextContent("预测模型");
  });
});
