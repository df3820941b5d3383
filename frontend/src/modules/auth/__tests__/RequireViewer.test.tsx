import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { VIEWER_FIXTURE, viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

describe("RequireViewer", () => {
  it("sends a signed-out user to /login with next", async () => {
    const app = renderApp(() => viewerResponse(null), { route: "/?tab=open" });

    expect(await screen.findByTestId("login-submit", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(app.currentLocation()).toBe(`/login?next=${encodeURIComponent("/?tab=open")}`);
  });

  it("lets a signed-in user through", async () => {
    const app = renderApp(() => viewerResponse(VIEWER_FIXTURE), { route: "/" });

    expect(await screen.findByTestId("home-greeting", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(app.currentLocation()).toBe("/");
  });

  it("offers a retry when the server is unreachable", async () => {
    let response: FakeGraphqlResponse = { networkError: new TypeError("Failed to fetch") };
    renderApp(() => response, { route: "/" });

    expect(await screen.findByText("无法连接服务器", {}, { timeout: 5000 })).toBeInTheDocument();
    response = viewerResponse(VIEWER_FIXTURE);
    await userEvent.setup().click(screen.getByTestId("retry"));

    expect(await screen.findByTestId("home-greeting", {}, { timeout: 5000 })).toHaveTextContent("欢迎，李雷");
  });
});
