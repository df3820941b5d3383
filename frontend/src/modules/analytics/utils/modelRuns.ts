import type { PredictionKind, PredictionModelRunsQuery } from "../../../generated/graphql";

/** One training run as the page reads it. */
export type ModelRun = PredictionModelRunsQuery["predictionModelRuns"]["nodes"][number];
/** One decile of a run's held-out predictions. */
export type CalibrationBin = ModelRun["calibration"][number];

/** The models the page shows, in tab order, with their URL names. */
export const MODEL_KINDS: readonly { kind: PredictionKind; param: string }[] = [
  { kind: "CHURN", param: "churn" },
  { kind: "WIN", param: "win" },
];

/** The model chosen by `?model=` (churn when absent or unknown). */
export const kindFromParam = (param: string | null): PredictionKind =>
  MODEL_KINDS.find((entry) => entry.param === param)?.kind ?? "CHURN";

/** The `?model=` value of a model. */
export const paramOfKind = (kind: PredictionKind): string => MODEL_KINDS.find((entry) => entry.kind === kind)?.param ?? "churn";

/** The run that scores now: the newest promoted one of `runs` (newest first), or null when none of them is. */
export const modelInForce = (runs: readonly ModelRun[]): ModelRun | null => runs.find((run) => run.promoted) ?? null;

/** The newest run when it was not promoted (a later training that the model in force still beats), else null. */
export const newestRejected = (runs: readonly ModelRun[]): ModelRun | null => {
  const newest = runs[0];
  return newest && !newest.promoted ? newest : null;
};

/** The share of held-out examples that churned (or were won), from the deciles; null without examples. */
export const observedRate = (bins: readonly CalibrationBin[]): number | null => {
  const rows = bins.reduce((sum, bin) => sum + bin.rows, 0);
  return rows === 0 ? null : bins.reduce((sum, bin) => sum + bin.observed * bin.rows, 0) / rows;
};

/** How many times the average rate the top decile's precision is (null when either is unknown or the rate is 0). */
export const topDecileLift = (run: Pick<ModelRun, "precisionTopDecile" | "calibration">): number | null => {
  const rate = observedRate(run.calibration);
  return run.precisionTopDecile === null || rate === null || rate === 0 ? null : run.precisionTopDecile / rate;
};

/** The mean distance between predicted and observed rates over the deciles, weighted by their examples (the
 * expected calibration error): 0.03 means predictions are off by 3 points on average. */
export const calibrationError = (bins: readonly CalibrationBin[]): number | null => {
  const rows = bins.reduce((sum, bin) => sum + bin.rows, 0);
  return rows === 0 ? null : bins.reduce((sum, bin) => sum + Math.abs(bin.predicted - bin.observed) * bin.rows, 0) / rows;
};

/** How much lower the model's Brier score is than the baseline's, as a share of the baseline's (negative: higher). */
export const brierImprovement = (run: Pick<ModelRun, "brier" | "baselineBrier">): number | null =>
  run.brier === null || run.baselineBrier === null || run.baselineBrier === 0 ? null : (run.baselineBrier - run.brier) / run.baselineBrier;

/** The run's AUC minus its baseline's (null when either is unknown). */
export const aucMargin = (run: Pick<ModelRun, "auc" | "baselineAuc">): number | null =>
  run.auc === null || run.baselineAuc === null ? null : run.auc - run.baselineAuc;
