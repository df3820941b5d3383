import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";
import { ADMIN_VIEWER, permissionMatrixResponse, permissionSetResponse, scopeSetResponse, shellResponse } from "./adminFixtures";

const adminServer: FakeGraphqlResolver = (operationName, variables) => {
  if (operationName === "Viewer") return viewerResponse(ADMIN_VIEWER);
  const shell = shellResponse(operationName);
  if (shell) return shell;
  if (operationName === "AdminPermissionMatrix") return permissionMatrixResponse();
  if (operationName === "AdminPermissionSet") return permissionSetResponse(String((variables["input"] as { role: string }).role));
  if (operationName === "AdminScopeSet") return scopeSetResponse(String((variables["input"] as { role: string }).role));
  throw new Error(`unexpected operation ${operationName}`);
};

/** Opens a cell's access select and returns the labels it offers. */
const openCell = async (user: ReturnType<typeof userEvent.setup>, testId: string) => {
  const cell = await screen.findByTestId(testId, {}, { timeout: 5000 });
  await user.click(within(cell).getByRole("combobox"));
  const popup = await waitFor(() => {
    const open = document.querySelectorAll<HTMLElement>(".ant-select-dropdown:not(.ant-select-dropdown-hidden)");
    const last = open[open.length - 1];
    if (!last?.querySelector(".ant-select-item-option")) throw new Error("no open select popup yet");
    return last;
  });
  return { popup, options: Array.from(popup.querySelectorAll(".ant-select-item-option")).map((o) => o.textContent) };
};

describe("PermissionMatrixEditor", { timeout: 60_000 }, () => {
  it("offers MASKED only for maskable fields", async () => {
    const user = userEvent.setup({ delay: null });
    renderApp(adminServer, { route: "/admin/permissions?type=Contact" });

    const phones = await openCell(user, "access-service_agent-Contact.phones");
    expect(phones.options).toEqual(["不可见", "脱敏", "只读", "读写"]);
    await user.keyboard("{Escape}");

    const name = await openCell(user, "access-service_agent-Contact.name");
    expect(name.options).toEqual(["不可见", "只读", "读写"]);
  });

  it("marks access inherited from a parent role", async () => {
    renderApp(adminServer, { route: "/admin/permissions?type=Contact" });

    const inherited = await screen.findByTestId("access-service_supervisor-Contact.phones", {}, { timeout: 5000 });
    expect(inherited).toHaveAttribute("data-inherited", "true");
    expect(inherited).toHaveAttribute("data-access", "MASKED");
    expect(within(inherited).getByTestId("access-service_supervisor-Contact.phones-inherited")).toBeInTheDocument();
    // The agent's own rule is not inherited.
    expect(screen.getByTestId("access-service_agent-Contact.phones")).toHaveAttribute("data-inherited", "false");
  });

  it("sends permissionSet with the role, type, field and access after confirmation", async () => {
    const user = userEvent.setup({ delay: null });
    const app = renderApp(adminServer, { route: "/admin/permissions?type=Contact" });

    const { popup } = await openCell(user, "access-service_agent-Contact.phones");
    await user.click(within(popup).getByTitle("只读"));

    const confirm = await screen.findByTestId("permission-confirm");
    expect(confirm).toHaveTextContent("客服专员");
    expect(confirm).toHaveTextContent("Contact.phones");
    expect(confirm).toHaveTextContent("从「脱敏」改为「只读」");
    // Nothing is sent before the admin confirms.
    expect(app.calls.some((call) => call.operationName === "AdminPermissionSet")).toBe(false);

    await user.click(screen.getByRole("button", { name: /确\s*认/ }));
    await waitFor(() => expect(app.calls.some((call) => call.operationName === "AdminPermissionSet")).toBe(true));
    expect(app.calls.find((call) => call.operationName === "AdminPermissionSet")?.variables).toEqual({
      input: { role: "service_agent", type: "Contact", field: "phones", access: "READ" },
    });
    expect(await screen.findByText("权限已更新")).toBeInTheDocument();
  });

  it("sends nothing when the change is cancelled", async () => {
    const user = userEvent.setup({ delay: null });
    const app = renderApp(adminServer, { route: "/admin/permissions?type=Contact" });

    const { popup } = await openCell(user, "access-sales_rep-Contact.name");
    await user.click(within(popup).getByTitle("不可见"));
    expect(await screen.findByTestId("permission-confirm")).toHaveTextContent("从上级角色继承的权限仍然有效");
    await user.click(screen.getByRole("button", { name: /取\s*消/ }));

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(app.calls.some((call) => call.operationName === "AdminPermissionSet")).toBe(false);
  });

  it("filters the rows by type and field name from the URL", async () => {
    renderApp(adminServer, { route: "/admin/permissions?type=*&field=phone" });

    expect(await screen.findByTestId("matrix-row-Contact.phones", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByTestId("matrix-row-Lead.phone")).toBeInTheDocument();
    expect(screen.queryByTestId("matrix-row-Contact.name")).not.toBeInTheDocument();
    expect(screen.queryByTestId("matrix-row-Customer.name")).not.toBeInTheDocument();
  });

  it("sets a role's row scopes with scopeSet", async () => {
    const user = userEvent.setup({ delay: null });
    const app = renderApp(adminServer, { route: "/admin/permissions?view=scopes" });

    expect(await screen.findByTestId("scope-service_agent-Customer", {}, { timeout: 5000 })).toHaveTextContent("相关");
    await user.click(screen.getByTestId("scope-edit-service_agent-Customer"));
    const form = await screen.findByTestId("scope-form");
    await user.click(within(form).getByLabelText("本团队及下级"));
    await user.click(screen.getByRole("button", { name: /确\s*认/ }));

    await waitFor(() => expect(app.calls.some((call) => call.operationName === "AdminScopeSet")).toBe(true));
    expect(app.calls.find((call) => call.operationName === "AdminScopeSet")?.variables).toEqual({
      input: { role: "service_agent", type: "Customer", scopes: ["TEAM", "RELATED"] },
    });
  });

  it("is closed to viewers who are not administrators", async () => {
    renderApp((operationName) => {
      if (operationName === "Viewer") return viewerResponse({ ...ADMIN_VIEWER, permissions: { __typename: "Permissions", isAdmin: false, fields: [], scopes: [] } });
      throw new Error(`unexpected operation ${operationName}`);
    }, { route: "/admin/permissions" });

    expect(await screen.findByTestId("admin-forbidden", {}, { timeout: 5000 })).toBeInTheDocument();
  });
});
