import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Viewer } from "../../../modules/auth/types/Viewer";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

configure({ asyncUtilTimeout: 15_000 });
const WAIT = { timeout: 15_000 };
const DEAL_ID = "T3Bwb3J0dW5pdHk6MQ==";

type Access = "READ" | "WRITE";
const grant = (type: string, names: string, access: Access): Array<[string, Access]> =>
  names.split(/\s+/).filter(Boolean).map((name): [string, Access] => [`${type}.${name}`, access]);

const REP: Viewer = viewerWith(
  [
    ...grant("Opportunity", "id version name amount status expectedClose lostReason closedAt createdAt stage customer owner pendingApproval lines tasks activities stageHistory", "WRITE"),
    ...grant("OpportunityLine", "id position name quantity unitPrice amount product", "WRITE"),
    ...grant("Product", "id sku name category unitPrice active", "READ"),
    ...grant("PipelineStage", "id key name position probability requiresApproval approvalThreshold isWon isLost", "READ"),
    ...grant("Approval", "id status amount toStage", "READ"),
    ...grant("StageChangeEntry", "at amount fromStage toStage actor", "READ"),
    ...grant("Customer", "id name", "READ"),
    ...grant("User", "id name", "READ"),
    ...grant("Task", "id version title notes dueAt remindAt done doneAt assignee customer opportunity", "WRITE"),
    ...grant("Activity", "id kind subject body outcome occurredAt actor contact customer opportunity", "WRITE"),
    ...grant("Query", "viewer opportunity pipelineStages products", "READ"),
    ...grant("Mutation", "opportunityUpdate opportunityLinesSet opportunityMoveStage taskCreate taskComplete taskUpdate activityLog", "WRITE"),
  ],
  { roles: ["sales_rep"] },
);

const stage = (key: string, name: string, position: number, extra: Record<string, unknown> = {}) => ({
  __typename: "PipelineStage",
  id: `stage-${key}`,
  key,
  name,
  position,
  isWon: key === "won",
  isLost: key === "lost",
  requiresApproval: false,
  approvalThreshold: null,
  ...extra,
});
const STAGES = [
  stage("needs_analysis", "Needs analysis", 1),
  stage("quote", "Proposal / quote", 2, { requiresApproval: true, approvalThreshold: "100000.00" }),
  stage("won", "Won", 3),
  stage("lost", "Lost", 4),
];

const detail = (overrides: Record<string, unknown> = {}, stages = STAGES): FakeGraphqlResponse => ({
  data: {
    opportunity: {
      __typename: "Opportunity",
      id: DEAL_ID,
      version: 3,
      name: "办公设备",
      amount: "8997.00",
      status: "OPEN",
      expectedClose: "2026-06-30",
      lostReason: null,
      closedAt: null,
      createdAt: "2026-01-05T09:00:00+08:00",
      stage: STAGES[0],
      customer: { __typename: "Customer", id: "Q3VzdG9tZXI6MQ==", name: "杭州云帆科技" },
      owner: { __typename: "User", id: REP.id, name: REP.name },
      pendingApproval: null,
      lines: [
        {
          __typename: "OpportunityLine",
          id: "line-1",
          position: 1,
          name: "激光打印机",
          quantity: 3,
          unitPrice: "2999.00",
          amount: "8997.00",
          product: { __typename: "Product", id: "prod-1", sku: "PRN-01", name: "激光打印机", unitPrice: "2999.00", active: true },
        },
      ],
      tasks: [],
      activities: { __typename: "ActivityConnection", totalCount: 0, nodes: [] },
      stageHistory: [],
      ...overrides,
    },
    pipelineStages: stages,
  },
});

const server = (handlers: Record<string, (variables: Record<string, unknown>) => FakeGraphqlResponse> = {}): FakeGraphqlResolver => {
  const defaults: typeof handlers = {
    Viewer: () => viewerResponse(REP),
    OpportunityDetail: () => detail(),
    SalesProducts: () => ({
      data: {
        products: [
          { __typename: "Product", id: "prod-1", sku: "PRN-01", name: "激光打印机", category: null, unitPrice: "2999.00" },
          { __typename: "Product", id: "prod-2", sku: "SVC-01", name: "上门维保", category: null, unitPrice: "1200.50" },
        ],
      },
    }),
  };
  return (operationName, variables) => {
    const handler = handlers[operationName] ?? defaults[operationName];
    if (!handler) throw new Error(`unexpected operation ${operationName}`);
    return handler(variables);
  };
};

const inputOf = (calls: Array<{ operationName: string; variables: Record<string, unknown> }>, name: string) =>
  calls.find((call) => call.operationName === name)?.variables["input"];

describe("OpportunityPage", { timeout: 90_000 }, () => {
  it("puts another product on the deal and saves the lines, whose total becomes the amount", async () => {
    const app = renderApp(
      server({
        OpportunityLinesSet: () => ({
          data: { opportunityLinesSet: { __typename: "OpportunityPayload", opportunity: { __typename: "Opportunity", id: DEAL_ID, version: 4, amount: "11398.00" }, userErrors: [] } },
        }),
      }),
      { route: `/opportunities/${DEAL_ID}`, language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    expect(await screen.findByTestId("opportunity-title", {}, WAIT)).toHaveTextContent("办公设备");
    const lines = screen.getByTestId("opportunity-lines");
    await user.click(within(lines).getByTestId("line-add"));
    const rows = within(lines).getAllByTestId("opportunity-line");
    await user.click(within(rows[1]!).getByRole("combobox"));
    await user.click(await screen.findByText("上门维保 · SVC-01"));
    const quantity = within(rows[1]!).getByTestId("line-quantity");
    await user.clear(quantity);
    await user.type(quantity, "2");
    expect(within(lines).getByTestId("lines-total")).toHaveTextContent("¥11,398.00");
    await user.click(within(lines).getByTestId("lines-save"));
    await waitFor(() =>
      expect(inputOf(app.calls, "OpportunityLinesSet")).toEqual({
        id: DEAL_ID,
        version: 3,
        lines: [
          { productId: "prod-1", quantity: 3, unitPrice: "2999.00" },
          { productId: "prod-2", quantity: 2, unitPrice: "1200.50" },
        ],
      }),
    );
  });

  it("edits the name, leaving the amount to the products", async () => {
    const app = renderApp(
      server({
        OpportunityUpdate: () => ({
          data: { opportunityUpdate: { __typename: "OpportunityPayload", opportunity: { __typename: "Opportunity", id: DEAL_ID, version: 4, name: "办公设备二期", amount: "8997.00", expectedClose: "2026-06-30" }, userErrors: [] } },
        }),
      }),
      { route: `/opportunities/${DEAL_ID}`, language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByTestId("opportunity-edit", {}, WAIT));
    expect(screen.getByTestId("opportunity-edit-amount")).toBeDisabled();
    const name = screen.getByTestId("opportunity-edit-name");
    await user.clear(name);
    await user.paste("办公设备二期");
    await user.click(screen.getByTestId("opportunity-edit-submit"));
    await waitFor(() => expect(inputOf(app.calls, "OpportunityUpdate")).toEqual({ id: DEAL_ID, version: 3, name: "办公设备二期" }));
  });

  it("asks why before moving the deal to lost, and shows a gated stage as awaiting approval", async () => {
    const app = renderApp(
      server({
        OpportunityDetail: () =>
          detail({ pendingApproval: { __typename: "Approval", id: "appr-1", status: "PENDING", amount: "8997.00", toStage: STAGES[1] } }),
        OpportunityMoveStage: (variables) => ({
          data: {
            opportunityMoveStage: {
              __typename: "OpportunityMovePayload",
              moved: true,
              approval: null,
              opportunity: { __typename: "Opportunity", id: DEAL_ID, version: 4, status: "LOST", stage: { __typename: "PipelineStage", id: (variables["input"] as { stageId: string }).stageId, key: "lost" } },
              userErrors: [],
            },
          },
        }),
      }),
      { route: `/opportunities/${DEAL_ID}`, language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    expect(await screen.findByTestId("awaiting-approval", {}, WAIT)).toHaveTextContent("Proposal / quote");
    await user.click(within(screen.getByTestId("opportunity-move-target")).getByRole("combobox"));
    await user.click(await screen.findByText("Lost", { selector: ".ant-select-item-option-content" }));
    await user.click(screen.getByTestId("opportunity-move"));
    await user.type(await screen.findByTestId("lost-reason-input"), "预算取消");
    await user.click(screen.getByTestId("lost-reason-submit"));
    await waitFor(() =>
      expect(inputOf(app.calls, "OpportunityMoveStage")).toEqual({ id: DEAL_ID, stageId: "stage-lost", version: 3, lostReason: "预算取消" }),
    );
  });

  it("names a seeded stage an admin renamed as the server does, even in English", async () => {
    // Renaming drops the seeded stage's labels: the server sends the admin's name to readers of every language.
    const stages = STAGES.map((candidate) => (candidate.key === "quote" ? { ...candidate, name: "方案确认" } : candidate));
    const [needsAnalysis, quote] = stages;
    const history = [
      {
        __typename: "StageChangeEntry",
        at: "2026-01-12T10:00:00+08:00",
        amount: "8997.00",
        fromStage: needsAnalysis,
        toStage: quote,
        actor: { __typename: "User", id: REP.id, name: REP.name },
      },
    ];
    renderApp(server({ OpportunityDetail: () => detail({ stage: quote, stageHistory: history }, stages) }), {
      route: `/opportunities/${DEAL_ID}`,
      language: "en",
    });

    const header = await screen.findByTestId("opportunity-header", {}, WAIT);
    expect(within(header).getByText("方案确认")).toBeInTheDocument();
    expect(screen.getByTestId("opportunity-steps")).toHaveTextContent("方案确认");
    expect(screen.getByTestId("opportunity-history")).toHaveTextContent("Needs analysis → 方案确认");
    expect(screen.queryByText(/Proposal \/ quote/)).not.toBeInTheDocument();
  });

  it("says so when the deal does not exist or is out of reach", async () => {
    renderApp(server({ OpportunityDetail: () => ({ data: { opportunity: null, pipelineStages: STAGES } }) }), {
      route: `/opportunities/${DEAL_ID}`,
      language: "en",
    });
    expect(await screen.findByTestId("opportunity-not-found", {}, WAIT)).toBeInTheDocument();
  });
});
