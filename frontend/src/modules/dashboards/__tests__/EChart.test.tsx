import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { LanguageSwitch } from "../../localization/components/LanguageSwitch";
import { renderWithProviders } from "../../../testing/renderApp";
import { EChart } from "../components/EChart";
import type { ChartOption } from "../echarts/echarts";
import type { ChartClick } from "../types/ChartClick";
import { findChart, fakeCharts } from "./fakeCharts";

vi.mock("../echarts/echarts", async () => {
  const fake = await import("./fakeCharts");
  return { createChart: fake.createFakeChart, chartLocale: (language: string) => (language === "en" ? "EN" : "ZH") };
});

afterEach(() => {
  fakeCharts.length = 0;
});

const OPTION: ChartOption = { series: [{ type: "bar", data: [1, 2] }] };
const noServer = () => ({ data: null });

describe("EChart", () => {
  it("draws its option, follows the window's size and reports clicks", async () => {
    const onItemClick = vi.fn<(click: ChartClick) => void>();
    renderWithProviders(<EChart option={OPTION} onItemClick={onItemClick} testId="chart" />, noServer);
    const chart = (await findChart("chart"));
    expect(chart.options).toEqual([OPTION]);
    expect(chart.language).toBe("zh-CN");

    act(() => {
      window.dispatchEvent(new Event("resize"));
    });
    expect(chart.resizes).toBe(1);

    chart.click(1, 0);
    expect(onItemClick).toHaveBeenCalledWith({ seriesIndex: 0, dataIndex: 1 });
  });

  it("redraws when the option changes and stops listening once unmounted", async () => {
    const next: ChartOption = { series: [{ type: "line", data: [3] }] };
    const Harness = () => {
      const [option, setOption] = useState(OPTION);
      return (
        <>
          <button type="button" onClick={() => setOption(next)}>
            next
          </button>
          <EChart option={option} testId="chart" />
        </>
      );
    };
    const view = renderWithProviders(<Harness />, noServer);
    const chart = (await findChart("chart"));
    await userEvent.setup().click(screen.getByText("next"));
    expect(chart.options).toEqual([OPTION, next]);

    view.unmount();
    expect(chart.disposed).toBe(true);
    act(() => {
      window.dispatchEvent(new Event("resize"));
    });
    expect(chart.resizes).toBe(0);
  });

  it("is made again in the new language, with the same option, when the language changes", async () => {
    const user = userEvent.setup();
    renderWithProviders(
      <>
        <LanguageSwitch />
        <EChart option={OPTION} testId="chart" />
      </>,
      noServer,
    );
    const chinese = (await findChart("chart"));

    await user.click(screen.getByTestId("lang-switch"));
    await user.click(await screen.findByText("English"));
    await waitFor(() => expect(chinese.disposed).toBe(true));
    const english = (await findChart("chart"));
    expect(english.language).toBe("en");
    expect(english.options).toEqual([OPTION]);
  });
});
