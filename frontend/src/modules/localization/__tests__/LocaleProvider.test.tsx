import { act, render, screen } from "@testing-library/react";
import { theme } from "antd";
import { afterEach, describe, expect, it } from "vitest";

import { createI18n } from "../../../i18n/createI18n";
import { LocaleProvider } from "../components/LocaleProvider";

const original = window.matchMedia;
type Listener = (event: MediaQueryListEvent) => void;
let listeners: Listener[] = [];
let reduced = false;

/** jsdom's matchMedia, answering `prefers-reduced-motion: reduce` with `reduced` and telling its listeners. */
const stubMatchMedia = () => {
  window.matchMedia = (query: string) => ({
    ...original(query),
    matches: reduced && query.includes("prefers-reduced-motion: reduce"),
    addEventListener: (_: string, listener: Listener) => void listeners.push(listener),
    removeEventListener: (_: string, listener: Listener) => void (listeners = listeners.filter((l) => l !== listener)),
  }) as MediaQueryList;
};

/** Shows whether Ant Design animates (its `motion` token: dialogs zoom, dropdowns slide, messages fade). */
const Motion = () => <span data-testid="motion">{String(theme.useToken().token.motion)}</span>;

const renderApp = () =>
  render(
    <LocaleProvider i18n={createI18n("zh-CN")}>
      <Motion />
    </LocaleProvider>,
  );

describe("LocaleProvider", () => {
  afterEach(() => {
    window.matchMedia = original;
    listeners = [];
    reduced = false;
  });

  it("keeps Ant Design's animations by default", () => {
    stubMatchMedia();
    renderApp();
    expect(screen.getByTestId("motion")).toHaveTextContent("true");
  });

  it("turns them off for those who asked their system for less motion, and follows a change at once", () => {
    reduced = true;
    stubMatchMedia();
    renderApp();
    expect(screen.getByTestId("motion")).toHaveTextContent("false");

    reduced = false;
    act(() => listeners.forEach((listener) => listener({ matches: false } as MediaQueryListEvent)));
    expect(screen.getByTestId("motion")).toHaveTextContent("true");
  });
});
