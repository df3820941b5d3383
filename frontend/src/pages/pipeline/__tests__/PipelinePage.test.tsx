import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import {
  opportunity,
  pipelineServer,
  SALES_DIRECTOR,
  stageId,
  stagesWithRenamed,
  userErrorsOf,
} from "../../../modules/sales/__tests__/salesFixtures";
import { renderApp } from "../../../testing/renderApp";

const SMALL = opportunity({ id: "opp-small", name: "小额试点", amount: "20000.00" });
const BIG = opportunity({ id: "opp-big", name: "年度框架协议", amount: "150000.00", version: 3 });
const CONTRACT = opportunity({ id: "opp-contract", name: "二期扩容", amount: "80000.50", stageKey: "contract" });

const column = (key: string) => screen.getByTestId(`pipeline-column-${key}`);

const card = async (id: string) => screen.findByTestId(`opportunity-card-${id}`, {}, { timeout: 5000 });

/** Uses the card's "move to" menu: the keyboard and screen-reader way of dragging it. */
const moveWithMenu = async (id: string, stageKey: string) => {
  const user = userEvent.setup({ delay: null });
  await user.click(await screen.findByTestId(`opportunity-move-${id}`));
  await user.click(await screen.findByTestId(`move-to-${stageKey}`));
};

const moveCalls = (calls: Array<{ operationName: string; variables: Record<string, unknown> }>) =>
  calls.filter((call) => call.operationName === "OpportunityMoveStage").map((call) => call.variables);

describe("PipelinePage: the kanban", { timeout: 30_000 }, () => {
  it("shows open stages in position order with counts and totals, and won and lost as drop targets", async () => {
    const server = pipelineServer([SMALL, BIG, CONTRACT]);
    renderApp(server.resolver, { route: "/pipeline" });

    await card("opp-small");
    const board = screen.getByTestId("pipeline-board");
    const columns = within(board)
      .getAllByRole("region")
      .map((region) => region.getAttribute("data-testid"));
    expect(columns).toEqual([
      "pipeline-column-needs_analysis",
      "pipeline-column-quote",
      "pipeline-column-contract",
      "pipeline-column-site_visit",
      "pipeline-column-payment",
      "pipeline-drop-won",
      "pipeline-drop-lost",
    ]);
    // Every stage shows the server's name: seeded ones in the reader's language, a custom one as typed.
    expect(within(column("needs_analysis")).getByRole("heading")).toHaveTextContent("需求分析");
    expect(within(column("site_visit")).getByRole("heading")).toHaveTextContent("现场考察");
    expect(within(column("quote")).getByText("超过 ¥100,000 需总监审批")).toBeInTheDocument();

    await waitFor(() => expect(within(column("needs_analysis")).getByTestId("column-count")).toHaveTextContent("2"));
    expect(within(column("needs_analysis")).getByTestId("column-total")).toHaveTextContent("合计 ¥170,000");
    await waitFor(() => expect(within(column("contract")).getByTestId("column-total")).toHaveTextContent("合计 ¥80,001"));
    expect(within(column("quote")).getByTestId("column-count")).toHaveTextContent("0");

    const big = await card("opp-big");
    expect(big).toHaveTextContent("年度框架协议");
    expect(within(big).getByTestId("opportunity-customer")).toHaveTextContent("杭州云栖科技");
    expect(within(big).getByTestId("opportunity-amount")).toHaveTextContent("¥150,000.00");
    expect(within(big).getByTestId("opportunity-owner")).toHaveTextContent("李雷");
    expect(within(big).getByTestId("opportunity-expected-close")).toHaveTextContent("2026/06/30");
  });

  it("moves a card with its version and shows it in the new column", async () => {
    const server = pipelineServer([SMALL, BIG]);
    const app = renderApp(server.resolver, { route: "/pipeline" });
    await card("opp-small");

    await moveWithMenu("opp-small", "contract");

    await waitFor(() => expect(within(column("contract")).getByTestId("opportunity-card-opp-small")).toBeInTheDocument());
    expect(within(column("needs_analysis")).queryByTestId("opportunity-card-opp-small")).not.toBeInTheDocument();
    expect(moveCalls(app.calls)).toEqual([
      { input: { id: "opp-small", stageId: stageId("contract"), version: 1 }, withApproval: true },
    ]);
    expect(screen.getByTestId("pipeline-notice")).toHaveTextContent("「小额试点」已移至「合同签订」");
  });

  it("keeps a card that needs approval where it is, with an awaiting-approval badge and a notice", async () => {
    const server = pipelineServer([SMALL, BIG]);
    const app = renderApp(server.resolver, { route: "/pipeline" });
    const big = await card("opp-big");
    expect(within(big).queryByTestId("awaiting-approval")).not.toBeInTheDocument();

    await moveWithMenu("opp-big", "quote");

    expect(await screen.findByTestId("pipeline-notice")).toHaveTextContent(
      "「年度框架协议」进入「方案报价」需要销售总监审批，已提交审批申请",
    );
    expect(screen.getByTestId("pipeline-notice")).toHaveAttribute("data-kind", "info");
    await waitFor(() =>
      expect(within(column("needs_analysis")).getByTestId("opportunity-card-opp-big")).toHaveTextContent("待审批"),
    );
    expect(within(column("quote")).queryByTestId("opportunity-card-opp-big")).not.toBeInTheDocument();
    expect(moveCalls(app.calls)).toEqual([
      { input: { id: "opp-big", stageId: stageId("quote"), version: 3 }, withApproval: true },
    ]);
  });

  it("names a seeded stage an admin renamed as the server does: its column, the move menu and the notice", async () => {
    const server = pipelineServer([SMALL, BIG], { stages: stagesWithRenamed("quote", "方案确认") });
    renderApp(server.resolver, { route: "/pipeline" });
    await card("opp-big");

    expect(within(column("quote")).getByRole("heading")).toHaveTextContent("方案确认");
    expect(column("quote")).toHaveAttribute("aria-label", "方案确认");
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByTestId("opportunity-move-opp-big"));
    expect(await screen.findByTestId("move-to-quote")).toHaveTextContent("方案确认");
    await user.click(screen.getByTestId("move-to-quote"));

    expect(await screen.findByTestId("pipeline-notice")).toHaveTextContent(
      "「年度框架协议」进入「方案确认」需要销售总监审批，已提交审批申请",
    );
    expect(screen.queryByText(/方案报价/)).not.toBeInTheDocument();
  });

  it("asks for the lost reason before moving a card to lost", async () => {
    const server = pipelineServer([SMALL, BIG]);
    const app = renderApp(server.resolver, { route: "/pipeline" });
    await card("opp-small");
    const user = userEvent.setup({ delay: null });

    await moveWithMenu("opp-small", "lost");

    expect(await screen.findByText("「小额试点」将关闭，之后不能再移动。请写明输单原因。")).toBeInTheDocument();
    await user.click(screen.getByTestId("lost-reason-submit"));
    expect(await screen.findByText("请填写输单原因")).toBeInTheDocument();
    expect(moveCalls(app.calls)).toEqual([]);

    await user.type(screen.getByTestId("lost-reason-input"), "  客户选择了竞争对手 ");
    await user.click(screen.getByTestId("lost-reason-submit"));

    await waitFor(() => expect(screen.queryByTestId("opportunity-card-opp-small")).not.toBeInTheDocument());
    expect(moveCalls(app.calls)).toEqual([
      {
        input: { id: "opp-small", stageId: stageId("lost"), version: 1, lostReason: "客户选择了竞争对手" },
        withApproval: true,
      },
    ]);
    expect(server.state.find((deal) => deal.id === "opp-small")?.lostReason).toBe("客户选择了竞争对手");
  });

  it("confirms before winning a deal", async () => {
    const server = pipelineServer([SMALL]);
    const app = renderApp(server.resolver, { route: "/pipeline" });
    await card("opp-small");

    await moveWithMenu("opp-small", "won");
    expect(await screen.findByText("「小额试点」将关闭并按金额生成订单，之后不能再移动。")).toBeInTheDocument();
    expect(moveCalls(app.calls)).toEqual([]);
    await userEvent.setup({ delay: null }).click(screen.getByRole("button", { name: "确认赢单" }));

    await waitFor(() => expect(screen.queryByTestId("opportunity-card-opp-small")).not.toBeInTheDocument());
    expect(moveCalls(app.calls)).toHaveLength(1);
  });

  it("shows a refused move's userErrors and keeps the card", async () => {
    const server = pipelineServer([BIG], {
      onMove: () => ({
        data: {
          opportunityMoveStage: {
            __typename: "OpportunityMovePayload",
            moved: false,
            approval: null,
            opportunity: null,
            userErrors: userErrorsOf({ field: "stageId", message: "已有一个待审批的申请。", code: "APPROVAL_PENDING" }),
          },
        },
      }),
    });
    renderApp(server.resolver, { route: "/pipeline" });
    await card("opp-big");

    await moveWithMenu("opp-big", "contract");

    const notice = await screen.findByTestId("pipeline-notice");
    expect(notice).toHaveTextContent("无法移动「年度框架协议」：已有一个待审批的申请。");
    expect(notice).toHaveAttribute("data-kind", "warning");
    expect(within(column("needs_analysis")).getByTestId("opportunity-card-opp-big")).toBeInTheDocument();
  });

  it("offers to reload the board after a CONFLICT", async () => {
    const server = pipelineServer([SMALL], {
      onMove: () => ({ errors: [{ message: "Changed since you read it", extensions: { code: "CONFLICT" } }] }),
    });
    const app = renderApp(server.resolver, { route: "/pipeline" });
    await card("opp-small");

    await moveWithMenu("opp-small", "contract");

    expect(await screen.findByTestId("pipeline-notice")).toHaveTextContent("其他人刚修改了这条记录");
    const loads = () => app.calls.filter((call) => call.operationName === "PipelineOpportunities").length;
    const before = loads();
    await userEvent.setup({ delay: null }).click(screen.getByTestId("pipeline-reload"));
    await waitFor(() => expect(loads()).toBeGreaterThan(before));
    expect(screen.queryByTestId("pipeline-notice")).not.toBeInTheDocument();
  });

  it("filters by owner for directors, through the URL", async () => {
    const server = pipelineServer([SMALL], { viewer: SALES_DIRECTOR });
    const app = renderApp(server.resolver, { route: "/pipeline?owner=user-9&q=%E8%AF%95%E7%82%B9" });
    await card("opp-small");

    expect(screen.getByTestId("pipeline-owner-filter")).toBeInTheDocument();
    const filters = app.calls
      .filter((call) => call.operationName === "PipelineOpportunities")
      .map((call) => call.variables["filter"]);
    expect(filters).toContainEqual({ search: "试点", ownerIds: ["user-9"], stageIds: [stageId("needs_analysis")], statuses: ["OPEN"] });
  });

  it("hides the owner filter from a rep who only sees their own deals", async () => {
    const server = pipelineServer([SMALL]);
    renderApp(server.resolver, { route: "/pipeline" });
    await card("opp-small");
    expect(screen.queryByTestId("pipeline-owner-filter")).not.toBeInTheDocument();
  });
});
