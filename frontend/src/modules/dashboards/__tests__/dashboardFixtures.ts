import type { Viewer } from "../../auth/types/Viewer";
import type { FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerWith } from "../../../testing/fixtures";

type Access = "MASKED" | "READ" | "WRITE";

/** `Type.field` READ entries for viewerWith. */
export const reads = (type: string, fields: string): Array<[string, Access]> =>
  fields.split(" ").map((field) => [`${type}.${field}`, "READ"]);

export const SALES_FIGURES: Array<[string, Access]> = [
  ...reads("Query", "salesFunnel salesPerformance salesForecast"),
  ...reads("FunnelStep", "stageKey stageName reached amount toNext"),
  ...reads("SalesPerformanceRow", "key id wonAmount won lost open winRate avgCycleDays leads convertedLeads leadConversionRate target attainment"),
  ...reads(
    "SalesForecast",
    "periodStart periodEnd openCount openAmount weightedByProbability weightedByHistory wonAmount target attainment projectedAttainment stageWinRates",
  ),
];

export const CUSTOMER_FIGURES: Array<[string, Access]> = [
  ...reads("Query", "customerGroups"),
  ...reads("CustomerGroups", "dimension total groups largest smallest"),
  ...reads("CustomerGroup", "key customers share revenue"),
];

export const SERVICE_FIGURES: Array<[string, Access]> = [
  ...reads("Query", "serviceStats"),
  ...reads(
    "ServiceStats",
    "created resolved avgFirstResponseMinutes avgResolutionMinutes firstResponseCompliance resolutionCompliance csat ratings reopenRate backlog volumeByCategory volumeByChannel csatByAgent csatByTeam csatTrend",
  ),
  ...reads("KeyCount", "key second count"),
  ...reads("TrendPoint", "key average count"),
];

/** Reads sales and customer figures (a director, say), no service ones. */
export const SALES_VIEWER: Viewer = viewerWith([...SALES_FIGURES, ...CUSTOMER_FIGURES]);
/** Reads service figures only (an agent or supervisor). */
export const SERVICE_VIEWER: Viewer = viewerWith(SERVICE_FIGURES);

const row = (key: string | null, wonAmount: string, won: number, id?: string | null) => ({
  __typename: "SalesPerformanceRow",
  key,
  wonAmount,
  won,
  ...(id === undefined ? {} : { id }),
});

const forecast = (periodStart: string, wonAmount: string, target: string | null) => ({
  __typename: "SalesForecast",
  periodStart,
  wonAmount,
  weightedByProbability: "150000.00",
  weightedByHistory: "120000.00",
  target,
  attainment: target === null ? null : Number(wonAmount) / Number(target),
  projectedAttainment: target === null ? null : (Number(wonAmount) + 150000) / Number(target),
});

/** The seeded stages' names as the server sends them to a reader of each language (migration 0018's labels). */
const STAGE_NAMES = {
  "zh-CN": { needs_analysis: "需求分析", quote: "方案报价", won: "赢单" },
  en: { needs_analysis: "Needs analysis", quote: "Proposal / quote", won: "Won" },
} as const;

/** A DashboardSales answer with exactly the fields the variables include, stage names in the reader's language. */
export const dashboardSalesResponse = (variables: Record<string, unknown>, language: keyof typeof STAGE_NAMES = "zh-CN"): FakeGraphqlResponse => ({
  data: {
    ...(variables["withFunnel"]
      ? {
          funnel: [
            { __typename: "FunnelStep", stageKey: "needs_analysis", stageName: STAGE_NAMES[language].needs_analysis, reached: 20, amount: "900000.00", toNext: 0.5 },
            { __typename: "FunnelStep", stageKey: "quote", stageName: STAGE_NAMES[language].quote, reached: 10, amount: "500000.00", toNext: 0.4 },
            { __typename: "FunnelStep", stageKey: "won", stageName: STAGE_NAMES[language].won, reached: 4, amount: "200000.00", toNext: null },
          ],
        }
      : {}),
    ...(variables["withRevenueByRegion"]
      ? { revenueByRegion: [row("上海市", "300000.00", 3), row("浙江省", "120000.00", 2), row("—", "5000.00", 1)] }
      : {}),
    ...(variables["withRevenueByMonth"] ? { revenueByMonth: [row("2026-11", "200000.00", 2), row("2026-10", "225000.00", 4)] } : {}),
    ...(variables["withRevenueByRep"]
      ? {
          revenueByRep: [
            { ...row("张伟", "250000.00", 3, "VXNlcjoy"), target: "500000.00", attainment: 0.5 },
            { ...row("刘洋", "175000.00", 3, "VXNlcjoz"), target: null, attainment: null },
          ],
        }
      : {}),
    ...(variables["withForecast"]
      ? {
          forecastMonth: forecast("2026-11-01", "200000.00", "1200000.00"),
          forecastQuarter: forecast("2026-10-01", "425000.00", null),
        }
      : {}),
  },
});

const groups = (entries: Array<[string | null, number]>, withRevenue: boolean) => {
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  return {
    __typename: "CustomerGroups",
    total,
    groups: entries.map(([key, customers]) => ({
      __typename: "CustomerGroup",
      key,
      customers,
      share: customers / total,
      ...(withRevenue ? { revenue: `${customers * 1000}.00` } : {}),
    })),
  };
};

export const dashboardCustomersResponse = (variables: Record<string, unknown>): FakeGraphqlResponse => {
  const withRevenue = Boolean(variables["withRevenue"]);
  return {
    data: {
      ...(variables["withRfm"] ? { rfm: groups([["high_value", 12], ["at_risk", 5], ["none", 3]], withRevenue) } : {}),
      ...(variables["withRegion"] ? { regions: groups([["广东省", 10], ["浙江省", 8], [null, 2]], withRevenue) } : {}),
      ...(variables["withIndustry"] ? { industries: groups([["制造业", 9], ["零售", 6]], withRevenue) } : {}),
      ...(variables["withGrade"] ? { grades: groups([["B", 7], ["A", 4], [null, 1]], withRevenue) } : {}),
    },
  };
};

const keyCount = (key: string | null, second: string | null, count: number) => ({ __typename: "KeyCount", key, second, count });

export const dashboardServiceResponse = (variables: Record<string, unknown>): FakeGraphqlResponse => ({
  data: {
    serviceStats: {
      __typename: "ServiceStats",
      ...(variables["withCsat"]
        ? {
            csat: 4.2,
            ratings: 25,
            firstResponseCompliance: 0.92,
            resolutionCompliance: 0.75,
            csatTrend: [
              { __typename: "TrendPoint", key: "2026-11-01", average: 4.5, count: 10 },
              { __typename: "TrendPoint", key: "2026-11-02", average: 3.9, count: 15 },
            ],
          }
        : {}),
      ...(variables["withVolume"]
        ? {
            volumeByCategory: [keyCount("2026-11-01", "hardware", 3), keyCount("2026-11-01", "billing", 1), keyCount("2026-11-02", "billing", 4)],
            volumeByChannel: [keyCount("2026-11-01", "phone", 2), keyCount("2026-11-02", "wechat", 6)],
            backlog: [keyCount("in_progress", "VGVhbTo0", 6), keyCount("new", "VGVhbTo0", 2), keyCount("in_progress", null, 1)],
          }
        : {}),
    },
  },
});
