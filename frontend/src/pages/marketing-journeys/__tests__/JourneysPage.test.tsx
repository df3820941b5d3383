import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

const MARKETER = viewerWith([
  ["Query.journey", "READ"],
  ["Query.journeys", "READ"],
  ["Journey.name", "READ"],
  ["Mutation.journeySave", "WRITE"],
  ["Mutation.journeyArchive", "WRITE"],
  ["Mutation.journeyRestore", "WRITE"],
  ["Mutation.journeyDelete", "WRITE"],
]);
const READER = viewerWith([
  ["Query.journey", "READ"],
  ["Query.journeys", "READ"],
  ["Journey.name", "READ"],
]);

type Row = { id: string; name: string; status: string; entered: number; version: number };

const row = ({ id, name, status, entered, version }: Row) => ({
  __typename: "Journey",
  id,
  version,
  name,
  status,
  updatedAt: "2026-03-02T01:00:00Z",
  stats: { __typename: "JourneyStats", entered, active: 0, done: entered },
});

const connection = (rows: Row[], hasNextPage: boolean, totalCount: number) => ({
  data: {
    journeys: {
      __typename: "JourneyConnection",
      totalCount,
      pageInfo: { __typename: "PageInfo", hasNextPage, endCursor: hasNextPage ? "cursor-1" : null },
      nodes: rows.map(row),
    },
  },
});

const LOAD = { timeout: 40000 };

describe("JourneysPage", () => {
  it("pages through journeys by cursor and shows archived ones only when asked", { timeout: 120000 }, async () => {
    const resolve: FakeGraphqlResolver = (operationName, variables) => {
      if (operationName === "Viewer") return viewerResponse(READER);
      if (operationName === "MarketingJourneys") {
        if (variables.includeArchived) return connection([{ id: "J3", name: "旧活动", status: "ARCHIVED", entered: 9, version: 2 }], false, 1);
        if (variables.after === "cursor-1") return connection([{ id: "J2", name: "第二页", status: "PAUSED", entered: 3, version: 1 }], false, 21);
        return connection([{ id: "J1", name: "第一页", status: "ACTIVE", entered: 5, version: 1 }], true, 21);
      }
      return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
    };
    const app = renderApp(resolve, { route: "/marketing/journeys" });
    expect(await screen.findByText("第一页", {}, LOAD)).toBeInTheDocument();
    expect(screen.getByTestId("journeys-pager-total")).toHaveAttribute("data-list-total", "21");
    expect(app.calls.find((call) => call.operationName === "MarketingJourneys")?.variables).toMatchObject({ first: 20, after: null, includeArchived: false });
    // A reader sees no actions column.
    expect(screen.queryByTestId("journey-row-J1-archive")).toBeNull();

    await userEvent.click(screen.getByTestId("journeys-pager-next"));
    expect(await screen.findByText("第二页")).toBeInTheDocument();
    expect(screen.getByTestId("journeys-pager-page")).toHaveTextContent("2");
    expect(screen.getByTestId("journeys-pager-next")).toBeDisabled();
    await userEvent.click(screen.getByTestId("journeys-pager-previous"));
    expect(await screen.findByText("第一页")).toBeInTheDocument();

    await userEvent.click(screen.getByTestId("journeys-show-archived"));
    expect(await screen.findByText("旧活动")).toBeInTheDocument();
    expect(screen.getByTestId("journeys-pager-page")).toHaveTextContent("1"); // a new list starts on its first page
  });

  it("archives after a confirmation, deletes a never-run draft after a warning, and shows a refusal inline", { timeout: 120000 }, async () => {
    let rows: Row[] = [
      { id: "J1", name: "运行中的旅程", status: "ACTIVE", entered: 5, version: 4 },
      { id: "J2", name: "草稿旅程", status: "DRAFT", entered: 0, version: 1 },
    ];
    const resolve: FakeGraphqlResolver = (operationName, variables) => {
      if (operationName === "Viewer") return viewerResponse(MARKETER);
      if (operationName === "MarketingJourneys") return connection(rows.filter((r) => r.status !== "ARCHIVED"), false, rows.length);
      if (operationName === "JourneyArchive") {
        const input = variables.input as { id: string; version: number };
        rows = rows.map((r) => (r.id === input.id ? { ...r, status: "ARCHIVED", version: r.version + 1 } : r));
        const archived = rows.find((r) => r.id === input.id);
        const journey = { ...row(archived!), allowReentry: false, graph: { nodes: [], edges: [] }, stats: { __typename: "JourneyStats", entered: 5, active: 0, done: 5, exited: 0, failed: 0, perNode: [] } };
        return { data: { journeyArchive: { __typename: "JourneyPayload", journey, userErrors: [] } } };
      }
      if (operationName === "JourneyDelete") {
        return {
          data: {
            journeyDelete: {
              __typename: "JourneyDeletePayload",
              deletedId: null,
              userErrors: [{ __typename: "UserError", field: "id", code: "BAD_USER_INPUT", message: "该旅程已运行过：请归档，不能删除。" }],
            },
          },
        };
      }
      return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
    };
    const app = renderApp(resolve, { route: "/marketing/journeys" });
    expect(await screen.findByText("运行中的旅程", {}, LOAD)).toBeInTheDocument();
    // Delete is offered only for a draft nobody entered.
    expect(screen.queryByTestId("journey-row-J1-delete")).toBeNull();

    await userEvent.click(screen.getByTestId("journey-row-J1-archive"));
    const confirm = await screen.findByRole("tooltip");
    expect(confirm).toHaveTextContent("它会立即停止");
    expect(app.calls.filter((call) => call.operationName === "JourneyArchive")).toHaveLength(0); // not before the confirmation
    await userEvent.click(within(confirm).getByRole("button", { name: "确 定" }));
    await waitFor(() => expect(screen.queryByText("运行中的旅程")).toBeNull());
    expect(app.calls.find((call) => call.operationName === "JourneyArchive")?.variables).toEqual({ input: { id: "J1", version: 4 } });

    await userEvent.click(screen.getByTestId("journey-row-J2-delete"));
    const warning = await screen.findByText("永久删除此旅程？此操作无法撤销。");
    const popover = warning.closest(".ant-popover") as HTMLElement;
    await userEvent.click(within(popover).getByRole("button", { name: "删 除" }));
    expect(await screen.findByTestId("journeys-problem")).toHaveTextContent("该旅程已运行过：请归档，不能删除。");
    expect(app.calls.find((call) => call.operationName === "JourneyDelete")?.variables).toEqual({ input: { id: "J2", version: 1 } });
  });

  it("shows the page before instead of an empty one when the last journey of a later page is deleted", { timeout: 120000 }, async () => {
    let second: Row[] = [{ id: "J9", name: "第二页草稿", status: "DRAFT", entered: 0, version: 1 }];
    const resolve: FakeGraphqlResolver = (operationName, variables) => {
      if (operationName === "Viewer") return viewerResponse(MARKETER);
      if (operationName === "MarketingJourneys") {
        if (variables.after === "cursor-1") return connection(second, false, 20 + second.length);
        return connection([{ id: "J1", name: "第一页", status: "ACTIVE", entered: 5, version: 1 }], second.length > 0, 20 + second.length);
      }
      if (operationName === "JourneyDelete") {
        second = [];
        return { data: { journeyDelete: { __typename: "JourneyDeletePayload", deletedId: "J9", userErrors: [] } } };
      }
      return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
    };
    renderApp(resolve, { route: "/marketing/journeys" });
    expect(await screen.findByText("第一页", {}, LOAD)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("journeys-pager-next"));
    expect(await screen.findByText("第二页草稿")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("journey-row-J9-delete"));
    const warning = await screen.findByText("永久删除此旅程？此操作无法撤销。");
    await userEvent.click(within(warning.closest(".ant-popover") as HTMLElement).getByRole("button", { name: "删 除" }));
    expect(await screen.findByText("第一页")).toBeInTheDocument();
    expect(screen.getByTestId("journeys-pager-page")).toHaveTextContent("1");
  });
});
