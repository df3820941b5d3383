import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { connection, PIPELINE_STAGES, SALES_DIRECTOR, stageId, stagesWithRenamed } from "../../../modules/sales/__tests__/salesFixtures";
import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

const DEAL = {
  __typename: "Opportunity",
  id: "T3Bwb3J0dW5pdHk6MQ",
  name: "杭州云帆科技 年度采购",
  amount: "120000.00",
  status: "WON",
  createdAt: "2026-02-03T02:00:00Z",
  closedAt: "2026-03-10T02:00:00Z",
  stage: { __typename: "PipelineStage", id: stageId("won"), key: "won", name: "赢单" },
  customer: { __typename: "Customer", id: "Q3VzdG9tZXI6MQ", name: "杭州云帆科技" },
  owner: { __typename: "User", id: "VXNlcjo0", name: "张伟" },
};

const serverWith =
  (stages = PIPELINE_STAGES, deal: Record<string, unknown> = DEAL): FakeGraphqlResolver =>
  (operationName) => {
    if (operationName === "Viewer") return viewerResponse(SALES_DIRECTOR);
    if (operationName === "SalesPipelineStages") return { data: { pipelineStages: stages } };
    if (operationName === "SalesForce") return { data: { salesForce: [] } };
    if (operationName === "OpportunityList") return { data: { opportunities: connection("OpportunityConnection", [deal], 17, true) } };
    return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
  };
const server = serverWith();

const LOAD = { timeout: 10_000 };
const listCalls = (calls: Array<{ operationName: string; variables: Record<string, unknown> }>) =>
  calls.filter((call) => call.operationName === "OpportunityList").map((call) => call.variables);

describe("OpportunitiesPage", () => {
  it("asks for the deals its URL names, stages by key, days as China-time days, and shows their total", async () => {
    const app = renderApp(server, {
      route: "/opportunities?status=WON&reached=quote&province=%E6%B5%99%E6%B1%9F%E7%9C%81&closedFrom=2026-01-01&closedTo=2026-03-31",
    });

    expect(await screen.findByText("杭州云帆科技 年度采购", {}, LOAD)).toHaveAttribute("href", "/opportunities/T3Bwb3J0dW5pdHk6MQ");
    expect(screen.getByTestId("opportunities-pager-total")).toHaveAttribute("data-list-total", "17");
    expect(listCalls(app.calls)[0]).toMatchObject({
      filter: {
        statuses: ["WON"],
        reachedStageId: stageId("quote"),
        provinces: ["浙江省"],
        closedFrom: "2026-01-01",
        closedTo: "2026-04-01", // the day after the last: what the API's `to` means
        createdFrom: null,
        stageIds: null,
      },
    });
    // What the figure filtered on shows, and can be taken away.
    const filters = screen.getByTestId("opportunity-filters");
    expect(within(filters).getByTestId("opportunity-filter-reached")).toHaveTextContent("方案报价");
    expect(within(filters).getByTestId("opportunity-filter-province")).toHaveTextContent("浙江省");
    const close = screen.getByTestId("opportunity-filter-province").querySelector(".ant-tag-close-icon");
    expect(close).not.toBeNull();
    await userEvent.setup().click(close as Element);
    await waitFor(() => expect(app.currentLocation()).toBe("/opportunities?status=WON&reached=quote&closedFrom=2026-01-01&closedTo=2026-03-31"));
  });

  it("matches nothing for a stage the pipeline does not have, rather than every deal", async () => {
    const app = renderApp(server, { route: "/opportunities?reached=no_such_stage" });

    await screen.findByText("杭州云帆科技 年度采购", {}, LOAD);
    const reached = listCalls(app.calls)[0]?.["filter"] as { reachedStageId: string };
    expect(reached.reachedStageId).not.toBeNull();
    expect(PIPELINE_STAGES.map((stage) => stage.id)).not.toContain(reached.reachedStageId);
  });

  it("names a seeded stage an admin renamed as the server does, in the rows and the filter", async () => {
    const stages = stagesWithRenamed("quote", "方案确认");
    const deal = { ...DEAL, status: "OPEN", closedAt: null, stage: { __typename: "PipelineStage", id: stageId("quote"), key: "quote", name: "方案确认" } };
    renderApp(serverWith(stages, deal), { route: "/opportunities?reached=quote" });

    const link = await screen.findByText("杭州云帆科技 年度采购", {}, LOAD);
    expect(link.closest("tr")).toHaveTextContent("方案确认");
    expect(within(screen.getByTestId("opportunity-filters")).getByTestId("opportunity-filter-reached")).toHaveTextContent("方案确认");
    expect(screen.queryByText(/方案报价/)).not.toBeInTheDocument();
  });
});
