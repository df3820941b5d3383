import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Empty } from "antd";
import dayjs from "dayjs";
import { describe, expect, it } from "vitest";

import { createI18n } from "../../../i18n/createI18n";
import { LANGUAGE_STORAGE_KEY } from "../../../i18n/languages";
import { VIEWER_FIXTURE, viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { LocaleProvider } from "../components/LocaleProvider";

const chooseLanguage = async (label: string) => {
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("lang-switch", {}, { timeout: 5000 }));
  await user.click(await screen.findByText(label, { selector: "[data-testid^=lang-option]" }));
};

describe("LanguageSwitch", () => {
  it("switches the login page to English and remembers the choice", async () => {
    renderApp(() => viewerResponse(null), { route: "/login" });
    expect(await screen.findByTestId("login-title", {}, { timeout: 5000 })).toHaveTextContent("登录 Rapport");
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBeNull();

    await chooseLanguage("English");

    expect(await screen.findByTestId("login-title")).toHaveTextContent("Sign in to Rapport");
    expect(screen.getByTestId("login-submit")).toHaveTextContent("Sign in");
    expect(screen.getByTestId("lang-switch")).toHaveTextContent("English");
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    expect(dayjs.locale()).toBe("en");
  });

  it("switches Ant Design's own texts and dayjs too", async () => {
    render(
      <LocaleProvider i18n={createI18n("en")}>
        <Empty />
        <LanguageSwitch />
      </LocaleProvider>,
    );
    expect(screen.getByText("No data", { selector: ".ant-empty-description" })).toBeInTheDocument();

    await chooseLanguage("中文");

    expect(await screen.findByText("暂无数据", { selector: ".ant-empty-description" })).toBeInTheDocument();
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("zh-CN");
    expect(document.documentElement.lang).toBe("zh-CN");
    expect(dayjs.locale()).toBe("zh-cn");
    expect(dayjs("2025-01-06").format("dddd")).toBe("星期一");
  });

  it("switches the signed-in shell", async () => {
    renderApp(() => viewerResponse(VIEWER_FIXTURE), { route: "/" });
    expect(await screen.findByTestId("home-greeting", {}, { timeout: 5000 })).toHaveTextContent("欢迎，李雷");
    expect(screen.getByTestId("logout")).toHaveTextContent("退出登录");

    await chooseLanguage("English");

    expect(await screen.findByTestId("home-greeting")).toHaveTextContent("Welcome, 李雷");
    expect(screen.getByTestId("logout")).toHaveTextContent("Sign out");
    expect(screen.getByText("Sales rep")).toBeInTheDocument();
  });
});
