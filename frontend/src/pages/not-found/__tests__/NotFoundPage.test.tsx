import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { VIEWER_FIXTURE, viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

describe("NotFoundPage", () => {
  it("answers an unknown path with a 404 and a way home", async () => {
    const app = renderApp(() => viewerResponse(VIEWER_FIXTURE), { route: "/no/such/page", language: "en" });

    expect(await screen.findByTestId("not-found", {}, { timeout: 5000 })).toHaveTextContent(
      "Sorry, the page you visited does not exist.",
    );
    await userEvent.setup().click(screen.getByRole("button", { name: "Back home" }));

    expect(await screen.findByTestId("home-greeting", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(app.currentLocation()).toBe("/");
  });
});
