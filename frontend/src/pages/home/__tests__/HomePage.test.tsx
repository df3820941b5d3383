import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { logoutResponse, VIEWER_FIXTURE, viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

/** A fake server with a signed-in session that logout ends. */
const signedInServer = (): FakeGraphqlResolver => {
  let signedIn = true;
  return (operationName) => {
    if (operationName === "Viewer") return viewerResponse(signedIn ? VIEWER_FIXTURE : null);
    if (operationName === "Logout") {
      signedIn = false;
      return logoutResponse();
    }
    throw new Error(`unexpected operation ${operationName}`);
  };
};

describe("HomePage", () => {
  it("greets the viewer and shows email, roles and team", async () => {
    renderApp(signedInServer(), { route: "/" });

    expect(await screen.findByTestId("home-greeting", {}, { timeout: 5000 })).toHaveTextContent("欢迎，李雷");
    expect(screen.getByTestId("viewer-email")).toHaveTextContent("lilei@example.com");
    expect(screen.getByTestId("viewer-team")).toHaveTextContent("华东销售一组");
    expect(screen.getByTestId("viewer-name")).toHaveTextContent("李雷");
    const roles = within(screen.getByTestId("viewer-roles"));
    // A known role is translated; an unknown one is shown as the server named it.
    expect(roles.getByText("销售代表")).toBeInTheDocument();
    expect(roles.getByText("regional_auditor")).toBeInTheDocument();
  });

  it("says so when the viewer has no team", async () => {
    renderApp(() => viewerResponse({ ...VIEWER_FIXTURE, team: null, roles: [] }), { route: "/", language: "en" });

    expect(await screen.findByTestId("viewer-team", {}, { timeout: 5000 })).toHaveTextContent("No team");
    expect(screen.getByTestId("viewer-roles")).toHaveTextContent("No roles");
  });

  it("signs out through the header and lands on /login", async () => {
    const app = renderApp(signedInServer(), { route: "/" });
    await userEvent.setup().click(await screen.findByTestId("logout", {}, { timeout: 5000 }));

    expect(await screen.findByTestId("login-submit", {}, { timeout: 5000 })).toBeInTheDocument();
    await waitFor(() => expect(app.currentLocation()).toBe("/login"));
    expect(app.calls.map((call) => call.operationName)).toEqual(["Viewer", "Logout", "Viewer"]);
    // The signed-in user's cached data went with the old client.
    expect(app.clientCount()).toBe(2);
    expect(screen.queryByTestId("home-greeting")).not.toBeInTheDocument();
  });
});
