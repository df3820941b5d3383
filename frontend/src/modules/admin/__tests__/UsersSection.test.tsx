import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";
import { ADMIN_VIEWER, shellResponse } from "./adminFixtures";

const user = (id: string, email: string, name: string, active = true) => ({
  __typename: "User",
  id,
  email,
  name,
  locale: "zh-CN",
  active,
  roles: ["service_agent"],
  team: { __typename: "Team", id: "VGVhbTox", name: "客服一组" },
});

const USERS = [user("VXNlcjox", "agent@example.com", "王客服"), user("VXNlcjoy", "rep@example.com", "李销售")];

const usersServer =
  (answers: Partial<Record<string, (variables: Record<string, unknown>) => unknown>> = {}): FakeGraphqlResolver =>
  (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(ADMIN_VIEWER);
    const shell = shellResponse(operationName);
    if (shell) return shell;
    const answer = answers[operationName];
    if (answer) return { data: answer(variables) as Record<string, unknown> };
    if (operationName === "AdminUsers")
      return {
        data: {
          users: {
            __typename: "UserConnection",
            totalCount: 42,
            pageInfo: { __typename: "PageInfo", hasNextPage: variables["after"] === null, endCursor: "cursor-1" },
            nodes: variables["after"] === null ? USERS : [user("VXNlcjoz", "third@example.com", "第三页")],
          },
        },
      };
    if (operationName === "AdminRoles")
      return {
        data: {
          permissionMatrix: {
            __typename: "PermissionMatrix",
            version: 1,
            roles: ["sales_rep", "service_agent"].map((role) => ({ __typename: "RolePermissions", role, description: role })),
          },
        },
      };
    if (operationName === "AdminTeams")
      return { data: { teams: [{ __typename: "Team", id: "VGVhbTox", name: "客服一组", kind: "service", parent: null, manager: null }] } };
    throw new Error(`unexpected operation ${operationName}`);
  };

describe("UsersSection", { timeout: 60_000 }, () => {
  it("lists users page by page with cursors", async () => {
    const events = userEvent.setup({ delay: null });
    const app = renderApp(usersServer(), { route: "/admin/users" });

    expect(await screen.findByTestId("user-row-agent@example.com", {}, { timeout: 10_000 })).toHaveTextContent("客服专员");
    expect(screen.getByTestId("users-pager-total")).toHaveTextContent("共 42 条");
    await events.click(screen.getByTestId("users-pager-next"));
    expect(await screen.findByTestId("user-row-third@example.com")).toBeInTheDocument();
    expect(app.calls.filter((call) => call.operationName === "AdminUsers").map((call) => call.variables)).toEqual([
      { first: 20, after: null },
      { first: 20, after: "cursor-1" },
    ]);
  });

  it("creates a user and shows the server's complaint on the email field", async () => {
    const events = userEvent.setup({ delay: null });
    const app = renderApp(
      usersServer({
        AdminUserCreate: () => ({
          userCreate: {
            __typename: "UserCreatePayload",
            user: null,
            userErrors: [{ __typename: "UserError", field: "email", message: "A user with this email already exists.", code: "BAD_USER_INPUT" }],
          },
        }),
      }),
      { route: "/admin/users" },
    );

    await events.click(await screen.findByTestId("user-create", {}, { timeout: 10_000 }));
    const form = await screen.findByTestId("user-form");
    // Validated before sending.
    await events.click(screen.getByRole("button", { name: /保\s*存/ }));
    expect(await within(form).findByText("请输入邮箱")).toBeInTheDocument();
    expect(app.calls.some((call) => call.operationName === "AdminUserCreate")).toBe(false);

    await events.type(within(form).getByTestId("user-email"), "agent@example.com");
    await events.type(within(form).getByTestId("user-name"), "新客服");
    await events.type(within(form).getByTestId("user-password"), "long-enough-1");
    await events.click(screen.getByRole("button", { name: /保\s*存/ }));

    expect(await within(form).findByText("A user with this email already exists.")).toBeInTheDocument();
    expect(app.calls.find((call) => call.operationName === "AdminUserCreate")?.variables).toEqual({
      input: { email: "agent@example.com", name: "新客服", password: "long-enough-1", roles: [], teamId: null, locale: "zh-CN" },
    });
  });

  it("asks before deactivating a user, then sends userUpdate", async () => {
    const events = userEvent.setup({ delay: null });
    const app = renderApp(
      usersServer({
        AdminUserUpdate: () => ({
          userUpdate: { __typename: "UserUpdatePayload", user: { ...USERS[0], active: false }, userErrors: [] },
        }),
      }),
      { route: "/admin/users" },
    );

    await events.click(await screen.findByTestId("user-edit-agent@example.com", {}, { timeout: 10_000 }));
    const form = await screen.findByTestId("user-form");
    await events.click(within(form).getByTestId("user-active"));
    await events.click(screen.getByRole("button", { name: /保\s*存/ }));

    await waitFor(() => expect(document.querySelector(".ant-modal-confirm-title")).toHaveTextContent("停用 王客服？"));
    expect(app.calls.some((call) => call.operationName === "AdminUserUpdate")).toBe(false);
    await events.click(screen.getByRole("button", { name: /停\s*用/ }));

    await waitFor(() => expect(app.calls.some((call) => call.operationName === "AdminUserUpdate")).toBe(true));
    expect(app.calls.find((call) => call.operationName === "AdminUserUpdate")?.variables).toEqual({
      input: { id: "VXNlcjox", name: "王客服", roles: ["service_agent"], teamId: "VGVhbTox", locale: "zh-CN", active: false },
    });
  });
});
