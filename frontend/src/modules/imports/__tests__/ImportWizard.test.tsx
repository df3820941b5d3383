import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { MANAGER_VIEWER, REP_VIEWER } from "../../customers/__tests__/customerFixtures";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";
import type { Viewer } from "../../auth/types/Viewer";
import {
  BATCH_ID,
  importBatch,
  importBatchesResponse,
  importFileResponse,
  importPreviewResponse,
  importStartResponse,
  importUndoResponse,
  ORDER_HEADERS,
  ordersFileResponse,
  ordersPreviewResponse,
  withImports,
} from "./importFixtures";

configure({ asyncUtilTimeout: 15_000 });
const WAIT = { timeout: 15_000 };

type Handlers = Record<string, (variables: Record<string, unknown>) => FakeGraphqlResponse>;

const server = (viewer: Viewer, handlers: Handlers = {}): FakeGraphqlResolver => {
  const defaults: Handlers = {
    Viewer: () => viewerResponse(viewer),
    ImportBatches: () => importBatchesResponse([]),
    ImportFile: () => importFileResponse(),
    ImportTemplates: () => ({ data: { importTemplates: [] } }),
    ImportPreview: () => importPreviewResponse(),
    ImportStart: () => importStartResponse(),
  };
  return (operationName, variables) => {
    const handler = handlers[operationName] ?? defaults[operationName];
    if (!handler) throw new Error(`unexpected operation ${operationName}`);
    return handler(variables);
  };
};

/** Answers one after the other, the last one from then on. */
const inTurn = (...answers: FakeGraphqlResponse[]) => {
  let next = 0;
  return () => answers[Math.min(next++, answers.length - 1)] as FakeGraphqlResponse;
};

/** `POST /imports` answering the kept file. */
const uploadAnswers = () =>
  vi.spyOn(globalThis, "fetch").mockResolvedValue({
    status: 201,
    json: async () => ({ id: BATCH_ID, sheets: [{ name: "客户", headers: [], rows: 4 }] }),
  } as Response);

const MANAGER = withImports(MANAGER_VIEWER);

/** Upload the workbook and go on to the columns step. */
const toColumns = async (user: UserEvent) => {
  await screen.findByTestId("import-upload", {}, WAIT);
  const input = document.querySelector("input[type=file]") as HTMLInputElement;
  await user.upload(input, new File(["PK"], "customers.xlsx", { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }));
  await screen.findByTestId("import-sheet", {}, WAIT);
  await user.click(screen.getByTestId("import-next"));
  return screen.findByTestId("import-columns", {}, WAIT);
};

/** Choose `label` in the select labelled `name`. */
const choose = async (user: UserEvent, name: string, label: string) => {
  await user.click(screen.getByRole("combobox", { name }));
  const options = await screen.findAllByText(label, { selector: ".ant-select-item-option-content" });
  await user.click(options.at(-1) as HTMLElement);
};

describe("ImportWizard", { timeout: 60_000 }, () => {
  it("uploads the file as it is and prefills each column with its suggested field", async () => {
    const user = userEvent.setup({ delay: null });
    const fetched = uploadAnswers();
    renderApp(server(MANAGER), { route: "/customers/import", language: "en" });

    const columns = await toColumns(user);
    const [url, init] = fetched.mock.calls[0] ?? [];
    expect(url).toBe("/imports?kind=customers");
    expect(init?.method).toBe("POST");
    expect(new Headers(init?.headers).get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(new Headers(init?.headers).get("X-Filename")).toBe("customers.xlsx");
    const field = (header: string) => within(columns).getByRole("combobox", { name: `Field for column ${header}` }).closest(".ant-select");
    expect(field("客户编号")).toHaveTextContent("External id");
    expect(field("客户名称")).toHaveTextContent("Customer name (required)");
    expect(field("客户等级")).toHaveTextContent("Grade");
    expect(field("联系人手机")).toHaveTextContent("Contact phone");
    expect(field("备注")).toHaveTextContent("Do not import");
  });

  it("sends the value mapping, the strategy and the columns with the preview, which lists problems by column", async () => {
    const user = userEvent.setup({ delay: null });
    uploadAnswers();
    const app = renderApp(server(MANAGER), { route: "/customers/import", language: "en" });

    await toColumns(user);
    await user.click(screen.getByTestId("import-next"));
    const values = await screen.findByTestId("import-values", {}, WAIT);
    // The distinct grades of the first rows, each with what it becomes.
    expect(within(values).getAllByTestId("import-value").map((row) => row.getAttribute("data-source"))).toEqual(["重要客户", "普通客户", "VIP"]);
    await choose(user, "What 重要客户 becomes (Grade)", "A");
    await choose(user, "What 普通客户 becomes (Grade)", "C");
    await user.click(screen.getByTestId("import-next"));

    await screen.findByTestId("import-duplicates", {}, WAIT);
    expect(screen.getByRole("radio", { name: /^Skip/ })).toBeChecked();
    await user.click(screen.getByRole("radio", { name: /^Merge/ }));
    await user.click(screen.getByRole("checkbox", { name: "Create rows that only resemble a customer by name" }));
    await user.click(screen.getByTestId("import-next"));

    await screen.findByTestId("import-preview", {}, WAIT);
    const sent = app.calls.find((call) => call.operationName === "ImportPreview")?.variables;
    expect(sent).toEqual({
      input: {
        batchId: BATCH_ID,
        sheet: "客户",
        columns: [
          { header: "客户编号", target: "externalId" },
          { header: "客户名称", target: "name" },
          { header: "客户等级", target: "grade" },
          { header: "联系人手机", target: "contactPhone" },
          { header: "备注", target: null },
        ],
        values: [
          { target: "grade", source: "重要客户", value: "A" },
          { target: "grade", source: "普通客户", value: "C" },
        ],
        strategy: "MERGE",
        createSimilar: true,
      },
    });
    expect(screen.getByTestId("import-count-create")).toHaveTextContent("2");
    expect(screen.getByTestId("import-count-reject")).toHaveTextContent("1");
    const rejected = screen.getAllByTestId("import-preview-row").find((row) => row.getAttribute("data-row") === "4") as HTMLElement;
    expect(rejected).toHaveAttribute("data-action", "REJECT");
    const problems = within(rejected).getAllByTestId("import-problem");
    expect(problems.map((problem) => problem.getAttribute("data-column"))).toEqual(["客户名称", "联系人手机"]);
    expect(problems[0]).toHaveTextContent("客户名称: Give the customer a name.");
    expect(problems[1]).toHaveTextContent("联系人手机: 12345 is not a phone number.");
    const updated = screen.getAllByTestId("import-preview-row").find((row) => row.getAttribute("data-row") === "5") as HTMLElement;
    expect(updated).toHaveTextContent("Phone +8613812345678");
    expect(screen.getByRole("columnheader", { name: "Reason" })).toBeInTheDocument();
    // Rejected rows are simply not imported: the run stays possible and says so.
    expect(screen.getByTestId("import-preview-left")).toHaveTextContent("1 row will not be imported");
    expect(screen.getByTestId("import-next")).toBeEnabled();
  });

  it("follows the run every 2 s until it is done, then stops asking and offers the rejected rows", async () => {
    const user = userEvent.setup({ delay: null });
    uploadAnswers();
    const undoUntil = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const app = renderApp(
      server(MANAGER, {
        ImportBatches: inTurn(
          importBatchesResponse([]),
          importBatchesResponse([importBatch({ status: "queued" })]),
          importBatchesResponse([importBatch({ status: "running", done: 2 })]),
          importBatchesResponse([
            importBatch({ status: "done", done: 4, created: 3, rejected: 1, finishedAt: "2026-03-02T09:01:00+08:00", undoUntil }),
          ]),
        ),
      }),
      { route: "/customers/import", language: "en" },
    );

    await toColumns(user);
    for (const step of ["import-values", "import-duplicates", "import-preview"]) {
      await user.click(screen.getByTestId("import-next"));
      await screen.findByTestId(step, {}, WAIT);
    }
    await user.click(screen.getByTestId("import-next"));
    const run = await screen.findByTestId("import-run", {}, WAIT);
    expect(app.calls.find((call) => call.operationName === "ImportStart")?.variables).toEqual({ input: { batchId: BATCH_ID } });
    await waitFor(() => expect(screen.getByTestId("import-run")).toHaveAttribute("data-import-status", "running"), WAIT);
    expect(screen.getByTestId("import-progress")).toHaveTextContent("2 / 4");
    await waitFor(() => expect(screen.getByTestId("import-run")).toHaveAttribute("data-import-status", "done"), WAIT);
    expect(within(screen.getByTestId("import-run")).getByTestId("import-result-counts")).toHaveTextContent(
      "3 created · 0 updated · 0 skipped · 1 not imported",
    );
    expect(within(screen.getByTestId("import-run")).getByRole("link", { name: "Download the rows of customers.xlsx that were not imported" })).toHaveAttribute(
      "href",
      `/imports/${BATCH_ID}/rejected`,
    );
    expect(run).toBeDefined();
    // Done: no more asking.
    const asked = app.calls.filter((call) => call.operationName === "ImportBatches").length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(app.calls.filter((call) => call.operationName === "ImportBatches")).toHaveLength(asked);
  });

  it("asks for confirmation before undoing, saying what undo does and until when", async () => {
    const user = userEvent.setup({ delay: null });
    const undoUntil = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const done = importBatch({ status: "done", done: 4, created: 2, updated: 1, rejected: 1, undoUntil });
    const app = renderApp(
      server(MANAGER, {
        ImportBatches: inTurn(importBatchesResponse([done]), importBatchesResponse([importBatch({ ...done, status: "undone" })])),
        ImportUndo: () => importUndoResponse(),
      }),
      { route: "/customers/import", language: "en" },
    );

    const batch = await screen.findByTestId("import-batch", {}, WAIT);
    await user.click(within(batch).getByRole("button", { name: "Undo the import of customers.xlsx" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("Undo the import of customers.xlsx?");
    expect(within(dialog).getByTestId("import-undo-explained")).toHaveTextContent(
      "The 2 customers this import created are removed and the 1 it updated get their fields, contacts and tags back.",
    );
    expect(dialog).toHaveTextContent("An import can be undone until");
    // Nothing undone until confirmed.
    expect(app.calls.some((call) => call.operationName === "ImportUndo")).toBe(false);
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(app.calls.some((call) => call.operationName === "ImportUndo")).toBe(false);

    await user.click(within(batch).getByRole("button", { name: "Undo the import of customers.xlsx" }));
    await user.click(await screen.findByTestId("import-undo-confirm"));
    await waitFor(() => expect(app.calls.find((call) => call.operationName === "ImportUndo")?.variables).toEqual({ input: { batchId: BATCH_ID } }));
    expect(await screen.findByText("Import undone: 2 removed, 1 restored, 0 kept.")).toBeInTheDocument();
  });

  it("imports orders from ?kind=orders: no duplicates step, the order rule shown, the preview sent without a strategy", async () => {
    const user = userEvent.setup({ delay: null });
    const fetched = uploadAnswers();
    const app = renderApp(server(MANAGER, { ImportFile: () => ordersFileResponse(), ImportPreview: () => ordersPreviewResponse() }), {
      route: "/customers/import?kind=orders",
      language: "en",
    });

    await screen.findByTestId("import-upload", {}, WAIT);
    expect(screen.getByRole("heading", { name: "Import orders" })).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: /^Orders with lines/ })).toBeChecked();
    expect(screen.getByTestId("import-kind-rule")).toHaveTextContent("Rows with the same order number form one order; an existing external id updates the order.");
    expect(screen.getByTestId("import-wizard")).not.toHaveTextContent("Duplicates");
    const input = document.querySelector("input[type=file]") as HTMLInputElement;
    await user.upload(input, new File(["订单编号"], "orders.csv", { type: "text/csv" }));
    await screen.findByTestId("import-sheet", {}, WAIT);
    expect(fetched.mock.calls[0]?.[0]).toBe("/imports?kind=orders");

    await user.click(screen.getByTestId("import-next"));
    const columns = await screen.findByTestId("import-columns", {}, WAIT);
    const field = (header: string) => within(columns).getByRole("combobox", { name: `Field for column ${header}` }).closest(".ant-select");
    expect(field("订单编号")).toHaveTextContent("Order number (required)");
    expect(field("客户编号")).toHaveTextContent("Customer external id (required)");
    expect(field("订单状态")).toHaveTextContent("Order status");

    // The order's own statuses, not a customer's.
    await user.click(screen.getByTestId("import-next"));
    await screen.findByTestId("import-values", {}, WAIT);
    await choose(user, "What 交易关闭 becomes (Order status)", "Cancelled");
    expect(screen.getByTestId("import-next")).toHaveTextContent("Preview");
    await user.click(screen.getByTestId("import-next"));

    await screen.findByTestId("import-preview", {}, WAIT);
    const sent = app.calls.find((call) => call.operationName === "ImportPreview")?.variables;
    expect(sent).toEqual({
      input: {
        batchId: BATCH_ID,
        sheet: "orders.csv",
        columns: ORDER_HEADERS.map((header, index) => ({ header, target: ["externalId", "customerExternalId", "orderedAt", "status", "totalAmount"][index] })),
        values: [{ target: "status", source: "交易关闭", value: "cancelled" }],
      },
    });
    expect(screen.getByTestId("import-count-create")).toHaveTextContent("1");
    expect(screen.getByTestId("import-count-reject")).toHaveTextContent("1");
    expect(screen.queryByTestId("import-count-skip")).toBeNull();
    expect(screen.queryByTestId("import-count-conflict")).toBeNull();
    // No order has a reason (only a customer's conflict does): no column of dashes.
    expect(screen.queryByRole("columnheader", { name: "Reason" })).toBeNull();
    await user.click(screen.getByTestId("import-back"));
    expect(screen.getByTestId("import-wizard")).toHaveAttribute("data-step", "values");
  });

  it("keeps the chosen kind in the address and shows the server's refusal of a kind it does not import yet", async () => {
    const user = userEvent.setup({ delay: null });
    const refusal = "Tickets are not imported from files yet; send them with ticketUpsert.";
    const fetched = vi.spyOn(globalThis, "fetch").mockResolvedValue({ status: 400, json: async () => ({ error: refusal }) } as Response);
    const app = renderApp(server(MANAGER), { route: "/customers/import", language: "en" });

    await screen.findByTestId("import-upload", {}, WAIT);
    expect(screen.getByRole("radio", { name: /^Customers with contacts/ })).toBeChecked();
    await user.click(screen.getByRole("radio", { name: /^Tickets/ }));
    await waitFor(() => expect(app.currentLocation()).toBe("/customers/import?kind=tickets"));
    expect(screen.getByRole("heading", { name: "Import tickets" })).toBeInTheDocument();
    const input = document.querySelector("input[type=file]") as HTMLInputElement;
    await user.upload(input, new File(["工单编号"], "tickets.csv", { type: "text/csv" }));
    expect(await screen.findByTestId("import-upload-error", {}, WAIT)).toHaveTextContent(refusal);
    expect(fetched.mock.calls[0]?.[0]).toBe("/imports?kind=tickets");
    expect(screen.getByTestId("import-wizard")).toHaveAttribute("data-step", "upload");

    // Back to customers: the address loses its kind, the refusal goes.
    await user.click(screen.getByRole("radio", { name: /^Customers with contacts/ }));
    await waitFor(() => expect(app.currentLocation()).toBe("/customers/import"));
    expect(screen.queryByTestId("import-upload-error")).toBeNull();
  });

  it("is not offered to a viewer who may not import", async () => {
    renderApp(server(REP_VIEWER), { route: "/customers/import", language: "zh-CN" });
    expect(await screen.findByTestId("import-no-access", {}, WAIT)).toHaveTextContent("你的角色不能导入客户");
  });
});
