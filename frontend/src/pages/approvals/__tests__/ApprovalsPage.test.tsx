import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { connection, SALES_DIRECTOR, userErrorsOf } from "../../../modules/sales/__tests__/salesFixtures";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { VIEWER_FIXTURE, viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

const approval = (id: string, status = "PENDING", extra: Record<string, unknown> = {}) => ({
  __typename: "Approval",
  id,
  version: 1,
  status,
  amount: "150000.00",
  comment: null,
  createdAt: "2026-03-02T01:00:00Z",
  decidedAt: null,
  toStage: { __typename: "PipelineStage", id: "stage-quote", key: "quote", name: "方案报价" },
  requestedBy: { __typename: "User", id: "user-rep", name: "Rita Rep" },
  decidedBy: null,
  opportunity: {
    __typename: "Opportunity",
    id: `opp-${id}`,
    name: "年度框架协议",
    amount: "150000.00",
    stage: { __typename: "PipelineStage", id: "stage-needs_analysis", key: "needs_analysis", name: "需求分析" },
    customer: { __typename: "Customer", id: "customer-1", name: "杭州云栖科技" },
  },
  ...extra,
});

const inboxServer = (decide: (variables: Record<string, unknown>) => FakeGraphqlResponse) => {
  let pending = [approval("a-1")];
  const resolver: FakeGraphqlResolver = (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(SALES_DIRECTOR);
    if (operationName === "ApprovalInbox") {
      const statuses = (variables["filter"] as { statuses: string[] }).statuses;
      const nodes = statuses.includes("PENDING")
        ? pending
        : [approval("a-0", "REJECTED", { comment: "毛利太低", decidedBy: { __typename: "User", id: "d", name: "Diana Director" } })];
      return { data: { approvals: connection("ApprovalConnection", nodes) } };
    }
    if (operationName === "ApprovalDecide") {
      pending = [];
      return decide(variables);
    }
    return { errors: [{ message: `unexpected operation ${operationName}`, extensions: { code: "INTERNAL" } }] };
  };
  return resolver;
};

const decided = (status: string): FakeGraphqlResponse => ({
  data: {
    approvalDecide: {
      __typename: "ApprovalPayload",
      approval: { __typename: "Approval", id: "a-1", version: 2, status, comment: "可以", decidedAt: "2026-03-02T02:00:00Z" },
      opportunity: {
        __typename: "Opportunity",
        id: "opp-a-1",
        version: 4,
        stage: { __typename: "PipelineStage", id: "stage-quote", key: "quote" },
      },
      userErrors: [],
    },
  },
});

describe("ApprovalsPage", { timeout: 30_000 }, () => {
  it("lists pending requests and approves one with a comment", async () => {
    const app = renderApp(
      inboxServer(() => decided("APPROVED")),
      { route: "/approvals" },
    );
    const row = await screen.findByTestId("approval-row-a-1", {}, { timeout: 5000 });
    expect(row).toHaveTextContent("年度框架协议");
    expect(row).toHaveTextContent("杭州云栖科技");
    expect(row).toHaveTextContent("¥150,000.00");
    expect(row).toHaveTextContent("需求分析→方案报价");
    expect(row).toHaveTextContent("Rita Rep");

    const user = userEvent.setup({ delay: null });
    await user.click(within(row).getByTestId("approval-approve-a-1"));
    await user.type(screen.getByTestId("approval-comment"), " 可以 ");
    await user.click(screen.getByTestId("approval-decision-submit"));

    expect(await screen.findByText("已批准，「年度框架协议」已进入「方案报价」。")).toBeInTheDocument();
    expect(app.calls.find((call) => call.operationName === "ApprovalDecide")?.variables).toEqual({
      input: { id: "a-1", approve: true, comment: "可以" },
    });
    // The decided request leaves the pending list.
    expect(await screen.findByText("没有待审批的申请")).toBeInTheDocument();
  });

  it("says so when someone else decided first, and refreshes", async () => {
    const app = renderApp(
      inboxServer(() => ({
        data: {
          approvalDecide: {
            __typename: "ApprovalPayload",
            approval: null,
            opportunity: null,
            userErrors: userErrorsOf({ field: "id", message: "Already decided.", code: "ALREADY_DECIDED" }),
          },
        },
      })),
      { route: "/approvals" },
    );
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByTestId("approval-reject-a-1", {}, { timeout: 5000 }));
    await user.click(screen.getByTestId("approval-decision-submit"));

    expect(await screen.findByText("这条申请已被处理或已取消，列表已刷新。")).toBeInTheDocument();
    expect(app.calls.find((call) => call.operationName === "ApprovalDecide")?.variables).toEqual({
      input: { id: "a-1", approve: false, comment: null },
    });
    await waitFor(() => expect(app.calls.filter((call) => call.operationName === "ApprovalInbox").length).toBeGreaterThan(1));
  });

  it("shows decided requests on their own tab, kept in the URL", async () => {
    const app = renderApp(inboxServer(() => decided("APPROVED")), { route: "/approvals" });
    await userEvent.setup({ delay: null }).click(await screen.findByTestId("approvals-tab-decided", {}, { timeout: 5000 }));

    const row = await screen.findByTestId("approval-row-a-0");
    expect(row).toHaveTextContent("已驳回");
    expect(row).toHaveTextContent("毛利太低");
    expect(within(row).queryByTestId("approval-approve-a-0")).not.toBeInTheDocument();
    expect(app.currentLocation()).toBe("/approvals?tab=decided");
  });

  it("turns away a viewer who may not see approvals", async () => {
    renderApp(() => viewerResponse(VIEWER_FIXTURE), { route: "/approvals" });
    expect(await screen.findByTestId("no-access", {}, { timeout: 5000 })).toBeInTheDocument();
  });
});
