import type { PredictionKind } from "../../../generated/graphql";
import type { CalibrationBin, ModelRun } from "../utils/modelRuns";

/** Ten deciles of 100 held-out examples each, predicted 0.05 … 0.50 and observed a little above. */
export const BINS: CalibrationBin[] = Array.from({ length: 10 }, (_, index) => ({
  __typename: "PredictionRunBin",
  decile: index + 1,
  rows: 100,
  predicted: 0.05 * (index + 1),
  observed: Math.min(1, 0.05 * (index + 1) + 0.02),
}));

/** A run with good measures; override what a test is about. */
export const run = (overrides: Partial<ModelRun> = {}): ModelRun => ({
  __typename: "PredictionModelRun",
  id: "UHJlZGljdGlvbk1vZGVsUnVuOjE=",
  kind: "CHURN",
  trainedAt: "2026-11-30T02:00:00Z",
  trainAsOf: "2026-06-01T00:00:00Z",
  testAsOf: "2026-09-01T00:00:00Z",
  trainRows: 1200,
  testRows: 1000,
  positives: 240,
  auc: 0.862,
  baselineAuc: 0.741,
  precisionTopDecile: 0.62,
  brier: 0.12,
  baselineBrier: 0.16,
  promoted: true,
  smallData: false,
  durationMs: 1250,
  note: "已启用：AUC 0.862，基线为 0.741。",
  calibration: BINS,
  ...overrides,
});

/** The promoted run of a model. */
export const PROMOTED = run();
/** A later run that did not beat its baseline. */
export const REJECTED = run({
  id: "UHJlZGljdGlvbk1vZGVsUnVuOjI=",
  trainedAt: "2026-12-07T02:00:00Z",
  auc: 0.75,
  baselineAuc: 0.74,
  brier: 0.17,
  promoted: false,
  note: "未启用：AUC 0.750 未比基线 0.740 高出 0.05。",
});
/** A run on priors: too little history, no measures. */
export const SMALL_DATA = run({
  id: "UHJlZGljdGlvbk1vZGVsUnVuOjM=",
  kind: "WIN",
  trainRows: 40,
  testRows: 0,
  positives: 12,
  auc: null,
  baselineAuc: null,
  precisionTopDecile: null,
  brier: null,
  baselineBrier: null,
  smallData: true,
  note: "历史数据不足（40 个样本）：评分来自先验。",
  calibration: [],
});

/** A `PredictionModelRuns` answer. */
export const runsResponse = (runs: ModelRun[], page: { hasNextPage?: boolean; endCursor?: string | null; totalCount?: number } = {}) => ({
  data: {
    predictionModelRuns: {
      __typename: "PredictionModelRunConnection",
      totalCount: page.totalCount ?? runs.length,
      pageInfo: { __typename: "PageInfo", hasNextPage: page.hasNextPage ?? false, endCursor: page.endCursor ?? null },
      nodes: runs,
    },
  },
});

/** The runs of a kind among `runs`. */
export const ofKind = (runs: ModelRun[], kind: PredictionKind) => runs.filter((each) => each.kind === kind);
