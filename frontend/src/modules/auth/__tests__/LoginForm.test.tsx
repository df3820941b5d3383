import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { loginResponse, VIEWER_FIXTURE, viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

/** A fake server whose session starts signed out; login answers `login` and signs in when `signsIn`. */
const signedOutServer = (login: FakeGraphqlResponse, signsIn = false): FakeGraphqlResolver => {
  let signedIn = false;
  return (operationName) => {
    if (operationName === "Viewer") return viewerResponse(signedIn ? VIEWER_FIXTURE : null);
    if (operationName === "Login") {
      signedIn = signsIn;
      return login;
    }
    throw new Error(`unexpected operation ${operationName}`);
  };
};

const formItemOf = (testId: string): HTMLElement => {
  const item = screen.getByTestId(testId).closest<HTMLElement>(".ant-form-item");
  if (!item) throw new Error(`${testId} is not inside a Form.Item`);
  return item;
};

const fillAndSubmit = async (email: string, password: string) => {
  const user = userEvent.setup();
  await user.type(await screen.findByTestId("login-email"), email);
  await user.type(screen.getByTestId("login-password"), password);
  await user.click(screen.getByTestId("login-submit"));
};

describe("LoginForm", () => {
  it("validates before sending anything", async () => {
    const app = renderApp(signedOutServer(loginResponse(null)), { route: "/login" });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("login-submit"));

    expect(await screen.findByText("请输入邮箱")).toBeInTheDocument();
    expect(screen.getByText("请输入密码")).toBeInTheDocument();

    await user.type(screen.getByTestId("login-email"), "not-an-email");
    expect(await screen.findByText("邮箱格式不正确")).toBeInTheDocument();
    expect(app.calls.map((call) => call.operationName)).not.toContain("Login");
  });

  it("shows a userError from the server on the field it names", async () => {
    const app = renderApp(
      signedOutServer(loginResponse(null, [{ field: "password", message: "密码不正确", code: "INVALID_CREDENTIALS" }])),
      { route: "/login" },
    );
    await fillAndSubmit("lilei@example.com", "wrong-password");

    await waitFor(() => expect(formItemOf("login-password")).toHaveTextContent("密码不正确"));
    expect(formItemOf("login-email")).not.toHaveTextContent("密码不正确");
    expect(screen.queryByTestId("login-error")).not.toBeInTheDocument();
    expect(app.calls.find((call) => call.operationName === "Login")?.variables).toEqual({
      input: { email: "lilei@example.com", password: "wrong-password" },
    });
    expect(app.currentLocation()).toBe("/login");
  });

  it("shows a userError without a field above the form", async () => {
    renderApp(
      signedOutServer(loginResponse(null, [{ field: null, message: "账号已停用", code: "USER_INACTIVE" }])),
      { route: "/login" },
    );
    await fillAndSubmit("lilei@example.com", "secret");

    expect(await screen.findByTestId("login-error")).toHaveTextContent("账号已停用");
  });

  it("explains a RATE_LIMITED error", async () => {
    renderApp(
      signedOutServer({ errors: [{ message: "Too many attempts", extensions: { code: "RATE_LIMITED" } }] }),
      { route: "/login", language: "en" },
    );
    await fillAndSubmit("lilei@example.com", "secret");

    expect(await screen.findByTestId("login-error")).toHaveTextContent(
      "Too many sign-in attempts. Please wait a moment and try again.",
    );
  });

  it("goes on to `next` after signing in", async () => {
    const app = renderApp(signedOutServer(loginResponse(VIEWER_FIXTURE), true), {
      route: `/login?next=${encodeURIComponent("/?from=mail")}`,
    });
    await fillAndSubmit("lilei@example.com", "secret");

    expect(await screen.findByTestId("home-greeting", {}, { timeout: 5000 })).toHaveTextContent("欢迎，李雷");
    expect(app.currentLocation()).toBe("/?from=mail");
  });

  it("goes home after signing in without `next`", async () => {
    const app = renderApp(signedOutServer(loginResponse(VIEWER_FIXTURE), true), { route: "/login" });
    await fillAndSubmit("lilei@example.com", "secret");

    expect(await screen.findByTestId("home-greeting", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(app.currentLocation()).toBe("/");
  });
});
