import { BarChart, FunnelChart, LineChart, PieChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { init, setPlatformAPI, use as registerCharts, type EChartsCoreOption } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { describe, expect, it } from "vitest";

import { ordersChartOption } from "../../customers/utils/ordersChartOption";
import { barChartOption, funnelChartOption, pieChartOption, seriesChartOption } from "../utils/chartOptions";

registerCharts([BarChart, FunnelChart, LineChart, PieChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** Text widths as ECharts lays them out here (jsdom has no canvas to measure): CJK a full em, the rest 0.6 em. */
const width = (text: string, fontSize: number) => [...text].reduce((sum, ch) => sum + (ch.charCodeAt(0) > 0x2e80 ? fontSize : fontSize * 0.6), 0);
setPlatformAPI({ measureText: (text: string, font?: string) => ({ width: width(text, Number(/(\d+)px/.exec(font ?? "")?.[1] ?? 12)) }) });

/** A phone: the 390 px screen less the card's padding. */
const PHONE = { width: 340, height: 300 };

type Drawn = { texts: Array<{ text: string; left: number; right: number; y: number }>; steps: Array<Array<[number, number]>> };

/** Draws an option as SVG (server-side rendering) and reads back its texts and polygons. */
const draw = (option: EChartsCoreOption, size = PHONE): Drawn => {
  const chart = init(null as unknown as HTMLElement, undefined, { renderer: "svg", ssr: true, ...size });
  chart.setOption(option);
  // What a clip path holds (a scrolling legend's items) is cut to the clip, never drawn outside it: left out.
  const svg = chart.renderToSVGString().replace(/<g clip-path="[^"]*">[\s\S]*?<\/g>/g, "");
  chart.dispose();
  const texts = [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, attributes = "", text = ""]) => {
    // Positioned by x and y, moved by the transform ECharts gives axis labels: translate(dx dy) or a matrix.
    const translate = /transform="translate\(([-\d.]+)[ ,]+([-\d.]+)\)"/.exec(attributes);
    const matrix = /transform="matrix\(([^)]+)\)"/.exec(attributes)?.[1]?.split(/[ ,]+/).map(Number);
    const dx = translate ? Number(translate[1]) : (matrix?.[4] ?? 0);
    const dy = translate ? Number(translate[2]) : (matrix?.[5] ?? 0);
    const x = Number(/ x="([-\d.]+)"/.exec(attributes)?.[1] ?? 0) + dx;
    const fontSize = Number(/font-size:(\d+)px/.exec(attributes)?.[1] ?? 12);
    const anchor = /text-anchor="(\w+)"/.exec(attributes)?.[1] ?? "start";
    const w = width(text, fontSize);
    const left = anchor === "middle" ? x - w / 2 : anchor === "end" ? x - w : x;
    return { text, left, right: left + w, y: Number(/ y="([-\d.]+)"/.exec(attributes)?.[1] ?? 0) + dy };
  });
  const steps = [...svg.matchAll(/<polygon points="([^"]+)"/g)].map(([, points = ""]) => {
    const numbers = points.trim().split(/\s+/).map(Number);
    return numbers.flatMap((value, index) => (index % 2 === 0 ? [[value, numbers[index + 1] ?? 0] as [number, number]] : []));
  });
  return { texts, steps };
};

/** Counts as the app writes them: whole numbers. */
const count = (value: number) => new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 0 }).format(value);
/** Labels an axis shows: the texts that are numbers. */
const numberLabels = (drawn: Drawn) => drawn.texts.map((text) => text.text).filter((text) => /^[\d,.]+$/.test(text));

const SMALL = [
  { name: "新客户", value: 1 },
  { name: "老客户", value: 2 },
  { name: "流失", value: 0 },
];

describe("chart axes", () => {
  it.each([
    ["vertical bars", barChartOption({ data: SMALL, seriesName: "客户数", valueFormat: count })],
    ["horizontal bars", barChartOption({ data: SMALL, seriesName: "客户数", valueFormat: count, horizontal: true })],
    ["stacked bars", seriesChartOption({ categories: ["11-01", "11-02", "11-03"], series: [{ name: "账单", values: [1, 2, 0] }], kind: "stackedBar", valueFormat: count })],
    ["lines", seriesChartOption({ categories: ["11-01", "11-02", "11-03"], series: [{ name: "账单", values: [1, 2, 0] }], kind: "line", valueFormat: count })],
    [
      "the 360° orders, counted (what agents see)",
      ordersChartOption({
        months: [
          { month: "2026-01", count: 1, amount: 0 },
          { month: "2026-02", count: 2, amount: 0 },
          { month: "2026-03", count: 0, amount: 0 },
        ],
        amounts: false,
        seriesName: "订单数",
        formatValue: count,
      }),
    ],
  ])("label each tick of %s once, even for small counts", (_name, option) => {
    const labels = numberLabels(draw(option));
    expect(labels.length).toBeGreaterThan(1);
    expect(labels).toEqual([...new Set(labels)]);
  });

  it("are all made by valueAxis, which knows about whole-unit formats", () => {
    const sources = Object.entries(
      import.meta.glob<string>(["/src/**/*.{ts,tsx}", "!/src/**/__tests__/**", "!/src/generated/**"], { query: "?raw", import: "default", eager: true }),
    );
    const handMade = sources.filter(([file, text]) => !file.endsWith("/ui/utils/valueAxis.ts") && /type:\s*["']value["']/.test(text));
    expect(handMade.map(([file]) => file)).toEqual([]);
  });
});

describe("chart labels on a phone", () => {
  const LONG = [
    { name: "需求分析 Needs analysis", value: 40 },
    { name: "Proposal / quote (报价与方案评审)", value: 18 },
    { name: "合同签订 Contract", value: 6 },
    { name: "Payment received", value: 2 },
  ];

  it.each([
    ["funnel", funnelChartOption({ data: LONG, seriesName: "到达", valueFormat: count })],
    ["donut", pieChartOption({ data: LONG, seriesName: "客户数", valueFormat: count })],
    ["horizontal bars", barChartOption({ data: LONG, seriesName: "赢单", valueFormat: count, horizontal: true })],
  ])("stay inside the %s's box", (_name, option) => {
    const { texts } = draw(option);
    expect(texts.length).toBeGreaterThan(0);
    const outside = texts.filter((text) => text.left < -1 || text.right > PHONE.width + 1).map((text) => text.text);
    expect(outside).toEqual([]);
  });

  it("never spill out of the funnel step they are written in", () => {
    const { texts, steps } = draw(funnelChartOption({ data: LONG, seriesName: "到达", valueFormat: count }));
    // A step's horizontal extent at height y (its polygon is a trapezoid).
    const extentAt = (step: Array<[number, number]>, y: number) => {
      const xs = step.flatMap(([x1, y1], index) => {
        const [x2, y2] = step[(index + 1) % step.length] ?? [x1, y1];
        if ((y1 - y) * (y2 - y) > 0 || y1 === y2) return [];
        return [x1 + ((y - y1) / (y2 - y1)) * (x2 - x1)];
      });
      return xs.length > 0 ? [Math.min(...xs), Math.max(...xs)] : null;
    };
    // Labels written inside a step (their middle in it) that reach past its edges.
    const spilled = texts.filter((text) =>
      steps.some((step) => {
        const extent = extentAt(step, text.y);
        if (!extent) return false;
        const [left = 0, right = 0] = extent;
        const middle = (text.left + text.right) / 2;
        return middle > left && middle < right && (text.left < left - 1 || text.right > right + 1);
      }),
    );
    expect(spilled.map((text) => text.text)).toEqual([]);
  });
});
