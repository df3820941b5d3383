import type { AttributionModel } from "../../../../generated/graphql";

export const ATTRIBUTION_MODELS: readonly AttributionModel[] = [
  "FIRST_TOUCH",
  "LAST_TOUCH",
  "LINEAR",
  "POSITION_BASED",
  "TIME_DECAY",
];

/** The model in the URL (`?model=LINEAR`), last touch when missing or unknown. */
export const modelFromSearchParams = (params: URLSearchParams): AttributionModel => {
  const value = params.get("model");
  return ATTRIBUTION_MODELS.find((model) => model === value) ?? "LAST_TOUCH";
};

type FunnelRow = { reach: number; responses: number; conversions: number };

/** Reach, responses and conversions summed over rows (the funnel 曝光 → 点击 → 转化). */
export const funnelTotals = (rows: readonly FunnelRow[]): FunnelRow =>
  rows.reduce(
    (sum, row) => ({
      reach: sum.reach + row.reach,
      responses: sum.responses + row.responses,
      conversions: sum.conversions + row.conversions,
    }),
    { reach: 0, responses: 0, conversions: 0 },
  );
