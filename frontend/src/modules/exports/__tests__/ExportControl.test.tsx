import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Viewer } from "../../auth/types/Viewer";
import { customersListResponse, filterOptionsResponse, REP_VIEWER } from "../../customers/__tests__/customerFixtures";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";
import { EXPORT_ID, exportFile, exportStartResponse, myExportsResponse, withExports } from "./exportFixtures";

configure({ asyncUtilTimeout: 15_000 });
const WAIT = { timeout: 15_000 };

type Handlers = Record<string, (variables: Record<string, unknown>) => FakeGraphqlResponse>;

const server = (viewer: Viewer, handlers: Handlers = {}): FakeGraphqlResolver => {
  const defaults: Handlers = {
    Viewer: () => viewerResponse(viewer),
    CustomersList: (variables) => customersListResponse(variables),
    CustomerFilterOptions: () => filterOptionsResponse(),
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

const ROUTE = "/customers?q=云帆&grade=A&province=浙江省&sort=NAME&dir=asc&after=Y3Vyc29y";

describe("ExportControl", { timeout: 60_000 }, () => {
  it("exports what the list shows (its filter, search and sort, not its page) and follows the export until it can be downloaded", async () => {
    const user = userEvent.setup({ delay: null });
    const app = renderApp(
      server(withExports(REP_VIEWER), {
        ExportStart: () => exportStartResponse(exportFile({ list: "ORDERS", format: "CSV" })),
        MyExports: inTurn(
          myExportsResponse([exportFile({ list: "ORDERS", format: "CSV" })]),
          myExportsResponse([exportFile({ list: "ORDERS", format: "CSV", status: "running", rows: 150 })]),
          myExportsResponse([
            exportFile({ list: "ORDERS", format: "CSV", status: "done", rows: 312, ready: true, filename: "orders-20260302-090010.csv" }),
          ]),
        ),
      }),
      { route: ROUTE, language: "en" },
    );

    await screen.findByTestId("customers-total", {}, WAIT);
    await user.click(screen.getByRole("button", { name: "Export Customers" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("Export Customers");
    // XLSX unless told otherwise; the customers list also exports their contacts or orders.
    expect(within(dialog).getByRole("radio", { name: "Excel (XLSX)" })).toBeChecked();
    expect(within(dialog).getByRole("radio", { name: "Customers" })).toBeChecked();
    await user.click(within(dialog).getByRole("radio", { name: "Orders of these customers" }));
    await user.click(within(dialog).getByRole("radio", { name: "CSV (UTF-8)" }));
    await user.click(within(dialog).getByTestId("export-form-start"));

    await waitFor(() => expect(app.calls.some((call) => call.operationName === "ExportStart")).toBe(true));
    const list = app.calls.filter((call) => call.operationName === "CustomersList").at(-1)?.variables ?? {};
    const start = app.calls.find((call) => call.operationName === "ExportStart")?.variables;
    expect(start).toEqual({
      input: { list: "ORDERS", format: "CSV", variables: { filter: list["filter"], orderBy: list["orderBy"], search: list["search"] } },
    });
    expect(start).toEqual({
      input: expect.objectContaining({
        variables: { filter: { grades: ["A"], provinces: ["浙江省"] }, orderBy: { field: "NAME", direction: "ASC" }, search: "云帆" },
      }),
    });

    // My exports opens on it and asks again while it runs.
    const drawer = await screen.findByTestId("my-exports-drawer");
    const row = await within(drawer).findByTestId("export-row");
    expect(row).toHaveAccessibleName("Orders of these customers · CSV");
    expect(row).toHaveAttribute("data-export-state", "queued");
    expect(await within(drawer).findByText("150 rows written so far", {}, WAIT)).toBeInTheDocument();
    const download = await within(drawer).findByRole("link", { name: "Download orders-20260302-090010.csv" }, WAIT);
    expect(download).toHaveAttribute("href", `/exports/${EXPORT_ID}`);
    expect(within(drawer).getByTestId("export-rows")).toHaveTextContent("312 rows");
    // Done: no more asking.
    const asked = app.calls.filter((call) => call.operationName === "MyExports").length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(app.calls.filter((call) => call.operationName === "MyExports")).toHaveLength(asked);
  });

  it("shows why the server refused: a userError, or a list the viewer may not read", async () => {
    const user = userEvent.setup({ delay: null });
    const refusals = inTurn(
      exportStartResponse(null, [{ field: "variables", message: "This list takes only these variables: filter, orderBy, search.", code: "BAD_USER_INPUT" }]),
      { data: null, errors: [{ message: "You may not read this list with this filter.", extensions: { code: "FORBIDDEN" } }] },
    );
    const app = renderApp(server(withExports(REP_VIEWER), { ExportStart: refusals }), { route: "/customers", language: "en" });

    await screen.findByTestId("customers-total", {}, WAIT);
    await user.click(screen.getByTestId("customers-export"));
    await user.click(await screen.findByTestId("export-form-start"));
    expect(await screen.findByTestId("export-form-error")).toHaveTextContent("This list takes only these variables");
    await user.click(screen.getByTestId("export-form-start"));
    expect(await screen.findByText("Your roles may not read this list with this filter, so it cannot be exported.")).toBeInTheDocument();
    // Nothing was queued: My exports was never opened.
    expect(screen.queryByTestId("my-exports-drawer")).not.toBeInTheDocument();
    expect(app.calls.filter((call) => call.operationName === "MyExports")).toHaveLength(0);
  });

  it("opens My exports from beside the control: failed ones say why, expired ones say so, neither downloads", async () => {
    const user = userEvent.setup({ delay: null });
    renderApp(
      server(withExports(REP_VIEWER), {
        MyExports: () =>
          myExportsResponse([
            exportFile({ id: "RXhwb3J0RmlsZToy", status: "failed", error: "The list could not be read: the filter is too wide." }),
            exportFile({ id: "RXhwb3J0RmlsZToz", list: "LEADS", status: "done", ready: true, rows: 8, expiresAt: "2026-01-01T00:00:00Z" }),
          ]),
      }),
      { route: "/customers", language: "zh-CN" },
    );

    await user.click(await screen.findByRole("button", { name: "我的导出" }, WAIT));
    const rows = await within(await screen.findByTestId("my-exports-drawer")).findAllByTestId("export-row");
    expect(rows.map((row) => row.getAttribute("data-export-state"))).toEqual(["failed", "expired"]);
    expect(rows[0]).toHaveTextContent("失败");
    expect(rows[0]).toHaveTextContent("The list could not be read: the filter is too wide.");
    expect(rows[1]).toHaveTextContent("已过期");
    expect(rows[1]).toHaveTextContent("请重新导出该列表");
    expect(screen.queryByTestId("export-download")).not.toBeInTheDocument();
  });

  it("is not there for a viewer who may not export", async () => {
    renderApp(server(REP_VIEWER), { route: "/customers", language: "en" });
    expect(await screen.findByTestId("customers-total", {}, WAIT)).toBeInTheDocument();
    expect(screen.queryByTestId("customers-export")).not.toBeInTheDocument();
    expect(screen.queryByTestId("customers-export-mine")).not.toBeInTheDocument();
  });
});
