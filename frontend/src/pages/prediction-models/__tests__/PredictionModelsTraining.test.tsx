import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { PROMOTED, run, runsResponse } from "../../../modules/analytics/__tests__/runFixtures";
import type { TrainingRequest } from "../../../modules/analytics/utils/trainingRequests";
import type { Viewer } from "../../../modules/auth/types/Viewer";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

// ECharts does not draw in jsdom: charts are fakes that record their options.
vi.mock("../../../modules/dashboards/echarts/echarts", async () => {
  const fake = await import("../../../modules/dashboards/__tests__/fakeCharts");
  return { createChart: fake.createFakeChart, chartLocale: (language: string) => (language === "en" ? "EN" : "ZH") };
});

afterEach(async () => {
  const { fakeCharts } = await import("../../../modules/dashboards/__tests__/fakeCharts");
  fakeCharts.length = 0;
});

const READS: Array<[string, "READ" | "WRITE"]> = [
  ["Query.predictionModelRuns", "READ"],
  ["Query.predictionTrainingRequests", "READ"],
];
const ADMIN = viewerWith([...READS, ["Mutation.predictionModelTrain", "WRITE"]], { roles: ["admin"] });
const ANALYST = viewerWith(READS, { roles: ["analyst"] });

const request = (overrides: Partial<TrainingRequest> = {}): TrainingRequest => ({
  __typename: "PredictionTrainingRequest",
  id: "UHJlZGljdGlvblRyYWluaW5nUmVxdWVzdDox",
  kind: "CHURN",
  status: "QUEUED",
  requestedAt: "2026-12-07T08:00:00Z",
  startedAt: null,
  finishedAt: null,
  error: null,
  run: null,
  ...overrides,
});

const requestsResponse = (requests: TrainingRequest[]): FakeGraphqlResponse => ({ data: { predictionTrainingRequests: requests } });

const NEW_RUN = run({ id: "UHJlZGljdGlvbk1vZGVsUnVuOjQy", trainedAt: "2026-12-07T08:01:00Z", note: "新训练的模型" });

type Server = { requests: TrainingRequest[]; runs: ReturnType<typeof run>[] };

/** A fake server whose state a test moves on: the requests and the churn runs it answers. */
const server =
  (viewer: Viewer, state: Server, onTrain?: () => FakeGraphqlResponse): FakeGraphqlResolver =>
  (operationName) => {
    if (operationName === "Viewer") return viewerResponse(viewer);
    if (operationName === "PredictionModelRuns") return runsResponse(state.runs);
    if (operationName === "PredictionTrainingRequests") return requestsResponse(state.requests);
    if (operationName === "PredictionModelTrain" && onTrain) return onTrain();
    return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
  };

const LOAD = { timeout: 20000 };
const POLL = { timeout: 10000 };

describe("PredictionModelsPage: train now", () => {
  it("asks after a confirmation, shows the request queued then training while it polls, then the new run", { timeout: 60000 }, async () => {
    const state: Server = { requests: [], runs: [PROMOTED] };
    const queued = request();
    const app = renderApp(
      server(ADMIN, state, () => {
        state.requests = [queued];
        return { data: { predictionModelTrain: { __typename: "PredictionModelTrainPayload", request: queued, userErrors: [] } } };
      }),
      { route: "/prediction-models" },
    );
    await screen.findByTestId("model-summary", {}, LOAD);
    expect(screen.queryByTestId("training-state")).toBeNull();

    await userEvent.click(screen.getByTestId("train-now"));
    expect(await screen.findByText("现在训练流失风险模型？")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "开始训练" }));
    const queuedState = await screen.findByTestId("training-state");
    expect(queuedState).toHaveTextContent("排队中");
    expect(screen.getByTestId("train-now")).toBeDisabled();
    expect(app.calls.filter((call) => call.operationName === "PredictionModelTrain").map((call) => call.variables)).toEqual([
      { input: { kind: "CHURN" } },
    ]);

    // The next poll finds it training, the one after done: the runs are read again, the new run on top.
    state.requests = [request({ status: "RUNNING", startedAt: "2026-12-07T08:00:03Z" })];
    await waitFor(() => expect(screen.getByTestId("training-state")).toHaveTextContent("训练中…"), POLL);
    state.requests = [request({ status: "DONE", startedAt: "2026-12-07T08:00:03Z", finishedAt: "2026-12-07T08:01:00Z", run: { __typename: "PredictionModelRun", id: NEW_RUN.id } })];
    state.runs = [NEW_RUN, PROMOTED];
    expect(await screen.findByText("训练完成：新的训练记录在历史最上方。", {}, POLL)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId(`run-${NEW_RUN.id}`)).toHaveTextContent("新训练的模型"));
    expect(screen.queryByTestId("training-state")).toBeNull();
    expect(screen.getByTestId("train-now")).toBeEnabled();
    // Done: no more polling.
    const polls = app.calls.filter((call) => call.operationName === "PredictionTrainingRequests").length;
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(app.calls.filter((call) => call.operationName === "PredictionTrainingRequests")).toHaveLength(polls);
  });

  it("shows why the last training failed, in English too", { timeout: 30000 }, async () => {
    const failed = request({ status: "FAILED", finishedAt: "2026-12-07T08:00:05Z", error: "The training failed: no data" });
    renderApp(server(ADMIN, { requests: [failed], runs: [PROMOTED] }), { route: "/prediction-models", language: "en" });
    const alert = await screen.findByTestId("training-failed", {}, LOAD);
    expect(alert).toHaveTextContent("The training asked for at");
    expect(alert).toHaveTextContent("The training failed: no data");
    expect(screen.getByTestId("train-now")).toHaveTextContent("Train now");
  });

  it("shows an analyst where a training stands, without the button", { timeout: 30000 }, async () => {
    const running = request({ kind: "CHURN", status: "RUNNING", startedAt: "2026-12-07T08:00:03Z" });
    renderApp(server(ANALYST, { requests: [running], runs: [] }), { route: "/prediction-models" });
    const training = await screen.findByTestId("training-CHURN", {}, LOAD);
    expect(await within(training).findByTestId("training-state")).toHaveTextContent("训练中…");
    expect(screen.getByTestId("models-empty")).toBeInTheDocument();
    expect(screen.queryByTestId("train-now")).toBeNull();
  });
});
