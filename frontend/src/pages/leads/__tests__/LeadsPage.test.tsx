import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import {
  connection,
  SALES_REP,
  SALES_REP_FIELDS,
  salesViewer,
  userErrorsOf,
} from "../../../modules/sales/__tests__/salesFixtures";
import type { Viewer } from "../../../modules/auth/types/Viewer";
import { exportFile, exportStartResponse, myExportsResponse, withExports } from "../../../modules/exports/__tests__/exportFixtures";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

const lead = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  __typename: "Lead",
  id,
  version: 1,
  name,
  company: "上海某公司",
  title: "采购经理",
  source: "expo",
  province: "上海市",
  city: "上海",
  status: "NEW",
  score: 60,
  submissions: 1,
  createdAt: "2026-03-01T02:00:00Z",
  phone: "+8613800138000",
  email: "wang@example.cn",
  owner: { __typename: "User", id: "VXNlcjox", name: "李雷" },
  customer: null,
  ...extra,
});

const LEADS = [lead("lead-1", "王芳"), lead("lead-2", "赵强", { status: "CONVERTED", customer: { __typename: "Customer", id: "customer-7", name: "赵氏贸易" } })];

const leadsServer = (
  answers: Record<string, (variables: Record<string, unknown>) => FakeGraphqlResponse> = {},
  viewer: Viewer = SALES_REP,
): FakeGraphqlResolver => (operationName, variables) => {
  if (operationName === "Viewer") return viewerResponse(viewer);
  if (operationName === "LeadList") return { data: { leads: connection("LeadConnection", LEADS, 42, true) } };
  if (operationName === "SalesForce") return { data: { salesForce: [] } };
  const answer = answers[operationName];
  if (answer) return answer(variables);
  return { errors: [{ message: `unexpected operation ${operationName}`, extensions: { code: "INTERNAL" } }] };
};

describe("LeadsPage", { timeout: 30_000 }, () => {
  it("reads its filters from the URL and lists leads with contact details and next steps", async () => {
    const app = renderApp(leadsServer(), { route: "/leads?status=NEW&status=WORKING&source=expo&unassigned=1" });

    const row = await screen.findByTestId("lead-row-lead-1", {}, { timeout: 5000 });
    expect(within(row).getByTestId("lead-phone")).toHaveTextContent("+8613800138000");
    expect(within(row).getByTestId("lead-status")).toHaveTextContent("新线索");
    expect(within(row).getByTestId("lead-convert-lead-1")).toBeInTheDocument();
    // A converted lead links to its customer and offers no more steps.
    const converted = screen.getByTestId("lead-row-lead-2");
    expect(within(converted).getByTestId("lead-customer-link")).toHaveAttribute("href", "/customers/customer-7");
    expect(within(converted).queryByTestId("lead-convert-lead-2")).not.toBeInTheDocument();
    expect(screen.getByTestId("leads-pager-total")).toHaveTextContent("共 42 条");

    const listCall = app.calls.find((call) => call.operationName === "LeadList");
    expect(listCall?.variables).toMatchObject({
      first: 20,
      after: null,
      filter: { statuses: ["NEW", "WORKING"], ownerIds: null, sources: ["expo"], unassigned: true },
      withPhone: true,
      withEmail: true,
    });
  });

  it("pages forward with the end cursor", async () => {
    const app = renderApp(leadsServer(), { route: "/leads" });
    await screen.findByTestId("lead-row-lead-1", {}, { timeout: 5000 });
    await userEvent.setup({ delay: null }).click(screen.getByTestId("leads-pager-next"));
    await waitFor(() =>
      expect(app.calls.filter((call) => call.operationName === "LeadList").at(-1)?.variables).toMatchObject({ after: "cursor-1" }),
    );
    expect(screen.getByTestId("leads-pager-page")).toHaveTextContent("第 2 页");
  });

  it("asks for the phone and email only when the role may read them", async () => {
    const noContacts: Viewer = salesViewer(
      SALES_REP_FIELDS.filter(([name]) => name !== "Lead.phone" && name !== "Lead.email"),
      [{ type: "Lead", scopes: ["OWN"] }],
    );
    const app = renderApp(leadsServer({}, noContacts), { route: "/leads" });
    await screen.findByTestId("lead-row-lead-1", {}, { timeout: 5000 });
    expect(app.calls.find((call) => call.operationName === "LeadList")?.variables).toMatchObject({
      withPhone: false,
      withEmail: false,
    });
    expect(screen.queryByTestId("lead-phone")).not.toBeInTheDocument();
  });

  it("imports pasted CSV and shows each rejected row with its number and column", async () => {
    const app = renderApp(
      leadsServer({
        LeadBulkCreate: () => ({
          data: {
            leadBulkCreate: {
              __typename: "LeadBulkCreatePayload",
              created: 1,
              duplicates: 1,
              leads: [
                { __typename: "Lead", id: "lead-9", name: "王芳" },
                { __typename: "Lead", id: "lead-1", name: "李四" },
              ],
              userErrors: userErrorsOf({
                field: "leads.1.phone",
                message: "Give a phone number or an email address.",
                code: "BAD_USER_INPUT",
              }),
            },
          },
        }),
      }),
      { route: "/leads" },
    );
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByTestId("lead-import", {}, { timeout: 5000 }));
    const csv = "姓名,电话,来源,评分\n王芳,13800138000,展会,80\n赵强,,展会,\n李四,13900139000,,70\n孙五,13700137000,,很高";
    fireEvent.change(screen.getByTestId("lead-import-text"), { target: { value: csv } });

    // The browser already sees the bad score of row 4.
    expect(await screen.findByTestId("lead-import-preview")).toHaveTextContent("识别到 3 行线索");
    await user.click(screen.getByTestId("lead-import-submit"));

    expect(await screen.findByTestId("lead-import-result")).toHaveTextContent("新增 1 条，合并到已有线索 1 条");
    const errors = screen.getAllByTestId("lead-import-error").map((row) => row.textContent);
    expect(errors).toEqual([
      "第 2 行赵强电话Give a phone number or an email address.",
      "第 4 行孙五评分评分应为 0 到 100 的整数，此行未导入。",
    ]);
    const sent = app.calls.find((call) => call.operationName === "LeadBulkCreate")?.variables;
    expect(sent).toEqual({
      input: {
        leads: [
          { name: "王芳", phone: "13800138000", source: "展会", score: 80 },
          { name: "赵强", source: "展会" },
          { name: "李四", phone: "13900139000", source: "导入", score: 70 },
        ],
      },
    });
  });

  it("validates a new lead before sending and puts server errors on their fields", async () => {
    const app = renderApp(
      leadsServer({
        LeadCreate: () => ({
          data: {
            leadCreate: {
              __typename: "LeadPayload",
              duplicate: false,
              lead: null,
              userErrors: userErrorsOf({ field: "phone", message: "不是有效的手机号码。", code: "BAD_USER_INPUT" }),
            },
          },
        }),
      }),
      { route: "/leads" },
    );
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByTestId("lead-create", {}, { timeout: 5000 }));
    await user.type(screen.getByTestId("lead-name-input"), "王芳");
    await user.click(screen.getByTestId("lead-create-submit"));
    expect(await screen.findByText("电话和邮箱至少填写一项")).toBeInTheDocument();
    expect(app.calls.some((call) => call.operationName === "LeadCreate")).toBe(false);

    await user.type(screen.getByTestId("lead-phone-input"), "123");
    await user.click(screen.getByTestId("lead-create-submit"));
    const phoneItem = screen.getByTestId("lead-phone-input").closest<HTMLElement>(".ant-form-item");
    await waitFor(() => expect(phoneItem).toHaveTextContent("不是有效的手机号码。"));
    expect(app.calls.find((call) => call.operationName === "LeadCreate")?.variables).toMatchObject({
      input: { name: "王芳", phone: "123", source: "手工录入", email: null, score: 0 },
    });
  });

  it("converts a lead and links to the new customer", async () => {
    const app = renderApp(
      leadsServer({
        LeadConvert: () => ({
          data: {
            leadConvert: {
              __typename: "LeadConvertPayload",
              lead: { __typename: "Lead", id: "lead-1", version: 2, status: "CONVERTED" },
              customer: { __typename: "Customer", id: "customer-42", name: "上海某公司" },
              opportunity: { __typename: "Opportunity", id: "opp-42", name: "首单" },
              userErrors: [],
            },
          },
        }),
      }),
      { route: "/leads" },
    );
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByTestId("lead-convert-lead-1", {}, { timeout: 5000 }));
    const amount = screen.getByTestId("lead-convert-amount");
    await user.clear(amount);
    await user.type(amount, "120000");
    await user.type(screen.getByTestId("lead-convert-name"), "首单");
    await user.click(screen.getByTestId("lead-convert-submit"));

    expect(await screen.findByTestId("lead-convert-done")).toHaveTextContent("客户：上海某公司；商机：首单");
    expect(app.calls.find((call) => call.operationName === "LeadConvert")?.variables).toEqual({
      input: { id: "lead-1", amount: "120000", opportunityName: "首单" },
    });
    await user.click(screen.getByTestId("lead-convert-customer-link"));
    await waitFor(() => expect(app.currentLocation()).toBe("/customers/customer-42"));
  });
});

describe("LeadsPage export", { timeout: 30_000 }, () => {
  it("exports the leads with the filter the list is sent with, not its page", async () => {
    const user = userEvent.setup({ delay: null });
    const app = renderApp(
      leadsServer({ ExportStart: () => exportStartResponse(exportFile({ list: "LEADS" })), MyExports: () => myExportsResponse([exportFile({ list: "LEADS" })]) }, withExports(SALES_REP)),
      { route: "/leads?status=NEW&source=expo&unassigned=1" },
    );

    await screen.findByTestId("lead-row-lead-1", {}, { timeout: 5000 });
    await user.click(screen.getByTestId("leads-export"));
    await user.click(await screen.findByTestId("export-form-start"));
    await waitFor(() => expect(app.calls.some((call) => call.operationName === "ExportStart")).toBe(true));
    const list = app.calls.filter((call) => call.operationName === "LeadList").at(-1)?.variables ?? {};
    expect(app.calls.find((call) => call.operationName === "ExportStart")?.variables).toEqual({
      input: { list: "LEADS", format: "XLSX", variables: { filter: list["filter"] } },
    });
    expect(list["filter"]).toEqual(expect.objectContaining({ statuses: ["NEW"] }));
    expect(await screen.findByTestId("my-exports-drawer")).toHaveTextContent("排队中");
  });
});
