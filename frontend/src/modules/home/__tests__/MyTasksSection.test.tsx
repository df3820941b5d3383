import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { Viewer } from "../../auth/types/Viewer";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";
import { HOME_RESPONSES, REP_VIEWER, task } from "./homeFixtures";

vi.mock("../../dashboards/echarts/echarts", async () => {
  const fake = await import("../../dashboards/__tests__/fakeCharts");
  return { createChart: fake.createFakeChart, chartLocale: (language: string) => (language === "en" ? "EN" : "ZH") };
});

configure({ asyncUtilTimeout: 15_000 });

/** A rep who may work on tasks (as the shipped policy gives every staff role). */
const WORKER: Viewer = {
  ...REP_VIEWER,
  permissions: {
    __typename: "Permissions",
    isAdmin: false,
    scopes: REP_VIEWER.permissions?.scopes ?? [],
    fields: [
      ...(REP_VIEWER.permissions?.fields ?? []),
      ...["taskComplete", "taskReopen", "taskUpdate"].map((field) => ({ __typename: "FieldPermission" as const, type: "Mutation", field, access: "WRITE" as const })),
    ],
  },
};

const overdue = new Date(Date.now() - 2 * 86_400_000).toISOString();
const payload = (field: string, version: number, done: boolean): FakeGraphqlResponse => ({
  data: { [field]: { __typename: "TaskPayload", task: { ...task("VGFzazox", "准备报价单", overdue), version, done, doneAt: done ? new Date().toISOString() : null }, userErrors: [] } },
});

const server =
  (handlers: Record<string, (variables: Record<string, unknown>) => FakeGraphqlResponse>): FakeGraphqlResolver =>
  (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(WORKER);
    const respond = handlers[operationName] ?? HOME_RESPONSES[operationName];
    if (respond) return respond(variables);
    return { data: null, errors: [{ message: "not under test", extensions: { code: "INTERNAL" } }] };
  };

describe("MyTasksSection", { timeout: 90_000 }, () => {
  it("marks an overdue task done from the home page, with an undo that reopens it", async () => {
    const app = renderApp(
      server({ TaskComplete: () => payload("taskComplete", 2, true), TaskReopen: () => payload("taskReopen", 3, false) }),
      { route: "/", language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    const tasks = await screen.findByTestId("my-tasks");
    const first = within(tasks).getAllByTestId("my-tasks-item")[0]!;
    expect(within(first).getByTestId("task-due")).toHaveAttribute("data-overdue", "true");
    await user.click(within(first).getByTestId("task-done"));
    await waitFor(() => expect(app.calls.find((call) => call.operationName === "TaskComplete")?.variables["input"]).toEqual({ id: "VGFzazox", version: 1 }));
    // The list reloads: the task is asked for again.
    await waitFor(() => expect(app.calls.filter((call) => call.operationName === "HomeMyTasks").length).toBeGreaterThan(1));
    await user.click(await screen.findByTestId("task-undo"));
    await waitFor(() => expect(app.calls.find((call) => call.operationName === "TaskReopen")?.variables["input"]).toEqual({ id: "VGFzazox", version: 2 }));
  });

  it("says so, and reloads, when someone else changed the task (CONFLICT)", async () => {
    const app = renderApp(
      server({ TaskComplete: () => ({ data: null, errors: [{ message: "changed", extensions: { code: "CONFLICT" } }] }) }),
      { route: "/", language: "en" },
    );
    const user = userEvent.setup({ delay: null });
    const tasks = await screen.findByTestId("my-tasks");
    await user.click(within(tasks).getAllByTestId("task-done")[0]!);
    expect(await screen.findByText("Someone else changed this task; the list was reloaded.")).toBeInTheDocument();
    await waitFor(() => expect(app.calls.filter((call) => call.operationName === "HomeMyTasks").length).toBeGreaterThan(1));
  });
});
