import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

const MARKETER = viewerWith([
  ["Query.segments", "READ"],
  ["Segment.name", "READ"],
  ["Mutation.segmentDelete", "WRITE"],
  ["Query.suppressions", "READ"],
]);

const segment = (id: string, name: string) => ({
  __typename: "Segment",
  id,
  version: 1,
  name,
  kind: "DYNAMIC",
  updatedAt: "2026-12-01T08:00:00Z",
});

const list = (nodes: unknown[]) => ({
  data: {
    segments: {
      __typename: "SegmentConnection",
      totalCount: nodes.length,
      pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: null },
      nodes,
    },
  },
});

const LOAD = { timeout: 40000 };

const server = (deleted: () => FakeGraphqlResponse): FakeGraphqlResolver => {
  let gone = false;
  return (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(MARKETER);
    if (operationName === "SegmentCount") {
      if (variables.id === "2") return { data: null, errors: [{ message: "统计超时" }] };
      return { data: { segment: { __typename: "Segment", id: variables.id, memberCount: 1234 } } };
    }
    if (operationName === "SegmentList") return list(gone ? [segment("2", "老客户")] : [segment("1", "沉睡客户"), segment("2", "老客户")]);
    if (operationName === "Suppressions") return { data: null, errors: [{ message: "boom" }] };
    if (operationName === "SegmentDelete") {
      const response = deleted();
      gone = !("networkError" in response) && !!response.data;
      return response;
    }
    return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
  };
};

const deleteFirst = async () => {
  const table = await screen.findByTestId("segment-table", {}, LOAD);
  await within(table).findByText("沉睡客户", {}, LOAD);
  await userEvent.click(within(table).getAllByTestId("segment-delete")[0] as HTMLElement);
  expect((await screen.findAllByText("删除客群“沉睡客户”？使用该客群的草稿活动将失去受众，此操作无法撤销。")).length).toBeGreaterThan(0);
  await userEvent.click(screen.getByTestId("segment-delete-confirm"));
};

describe("SegmentsPage", () => {
  it("shows the list at once and each segment's count as it arrives, a failed one as a dash", { timeout: 60000 }, async () => {
    const app = renderApp(server(() => ({ data: null })), { route: "/marketing/segments" });
    const table = await screen.findByTestId("segment-table", {}, LOAD);
    const first = (await within(table).findByText("沉睡客户", {}, LOAD)).closest("tr") as HTMLElement;
    const second = within(table).getByText("老客户").closest("tr") as HTMLElement;
    expect(await within(first).findByText("1,234")).toBeInTheDocument();
    await waitFor(() => expect(within(second).getByTestId("segment-member-count")).toHaveTextContent("—"));
    const counted = app.calls.filter((call) => call.operationName === "SegmentCount").map((call) => call.variables.id);
    expect(counted.sort()).toEqual(["1", "2"]);
  });

  it("refetches the list after a delete (the payload names no Segment)", { timeout: 60000 }, async () => {
    const app = renderApp(
      server(() => ({
        data: { segmentDelete: { __typename: "SegmentDeletePayload", deletedId: "1", userErrors: [] } },
      })),
      { route: "/marketing/segments" },
    );
    await deleteFirst();
    await waitFor(() => expect(screen.queryByText("沉睡客户")).toBeNull());
    expect(screen.getByText("老客户")).toBeInTheDocument();
    expect(app.calls.filter((call) => call.operationName === "SegmentList")).toHaveLength(2);
  });

  it("keeps a refused delete on the page", { timeout: 30000 }, async () => {
    renderApp(
      server(() => ({
        data: {
          segmentDelete: {
            __typename: "SegmentDeletePayload",
            deletedId: null,
            userErrors: [{ __typename: "UserError", field: "id", message: "该客群正被进行中的活动使用。", code: "CONFLICT_IN_USE" }],
          },
        },
      })),
      { route: "/marketing/segments" },
    );
    await deleteFirst();
    expect(await screen.findByTestId("segment-delete-error")).toHaveTextContent("该客群正被进行中的活动使用。");
  });
});

describe("ConsentPage", () => {
  it("says the suppression list could not be loaded instead of showing it empty", { timeout: 30000 }, async () => {
    renderApp(
      server(() => ({ data: null })),
      { route: "/marketing/consent" },
    );
    expect(await screen.findByTestId("request-failed", {}, LOAD)).toBeInTheDocument();
  });
});
