import "@testing-library/jest-dom/vitest";

import { cleanup, configure } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";

// findBy*/waitFor wait this long by default: the first render of a lazily loaded page is slow on a busy 2-core
// CI machine (1 s, the library's default, failed the login form's first test there).
configure({ asyncUtilTimeout: 5000 });

// jsdom lacks matchMedia, which antd's responsive helpers (Grid, Layout.Sider breakpoints) call.
if (!window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  });
}

// jsdom lacks ResizeObserver, which antd's Dropdown/Menu overflow handling uses.
if (!("ResizeObserver" in window)) {
  class NoopResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.defineProperty(window, "ResizeObserver", { value: NoopResizeObserver, writable: true });
}

// jsdom does not implement pseudo-element styles and logs an error for each call antd makes.
const getComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => getComputedStyle(element);

beforeEach(() => {
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
});
