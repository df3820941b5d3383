import { render, screen } from "@testing-library/react";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it, vi } from "vitest";

import { createI18n } from "../../../i18n/createI18n";
import { CrashResult } from "../components/CrashResult";
import { ErrorBoundary } from "../components/ErrorBoundary";

const Broken = (): never => {
  throw new Error("chunk failed to load");
};

describe("ErrorBoundary", () => {
  it("shows the fallback instead of a blank page when a child throws", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    render(
      <I18nextProvider i18n={createI18n("en")}>
        <ErrorBoundary fallback={<CrashResult />}>
          <Broken />
        </ErrorBoundary>
      </I18nextProvider>,
    );

    expect(screen.getByRole("alert")).toHaveTextContent("Something went wrong");
    expect(screen.getByRole("button", { name: "Retry" })).toBeInTheDocument();
  });
});
