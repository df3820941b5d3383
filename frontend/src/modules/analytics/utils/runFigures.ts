import type { Formatters } from "../../format/hooks/useFormatters";
import { aucMargin, brierImprovement, calibrationError, observedRate, topDecileLift, type ModelRun } from "./modelRuns";

/** A run's measures written for the reader's locale ("—" where a measure is unknown). */
export type RunFigures = {
  /** 0.862 */
  auc: string;
  baselineAuc: string;
  /** The AUC as a share of (churner, stayer) pairs ranked right: 86% */
  aucShare: string;
  baselineAucShare: string;
  /** Whether the AUC and its baseline's are both known (the plain-words sentence needs both). */
  aucKnown: boolean;
  /** +0.120 (AUC points over the baseline) */
  aucMargin: string;
  precision: string;
  /** The held-out rate of churn (or wins) over all examples. */
  rate: string;
  /** 3.1 (how many times the rate the top decile holds) */
  lift: string;
  /** Whether the precision sentence has all its numbers. */
  precisionKnown: boolean;
  brier: string;
  baselineBrier: string;
  /** Whether the Brier score is below the baseline's ("lower"), above it ("higher"), or either is unknown. */
  brierDirection: "lower" | "higher" | null;
  /** The Brier score's change against the baseline's, as a share of it: 31% */
  brierChange: string;
  calibrationError: string;
  /** Training and measuring time in seconds: 1.2 */
  seconds: string;
};

/** The figures the page shows for a run. */
export const runFigures = (run: ModelRun, format: Pick<Formatters, "number" | "percent">): RunFigures => {
  const margin = aucMargin(run);
  const lift = topDecileLift(run);
  const improvement = brierImprovement(run);
  return {
    auc: format.number(run.auc, 3),
    baselineAuc: format.number(run.baselineAuc, 3),
    aucShare: format.percent(run.auc, 0),
    baselineAucShare: format.percent(run.baselineAuc, 0),
    aucKnown: margin !== null,
    aucMargin: margin === null ? format.number(null) : `${margin >= 0 ? "+" : "−"}${format.number(Math.abs(margin), 3)}`,
    precision: format.percent(run.precisionTopDecile, 0),
    rate: format.percent(observedRate(run.calibration), 0),
    lift: format.number(lift, 1),
    precisionKnown: lift !== null,
    brier: format.number(run.brier, 3),
    baselineBrier: format.number(run.baselineBrier, 3),
    brierDirection: improvement === null ? null : improvement >= 0 ? "lower" : "higher",
    brierChange: format.percent(improvement === null ? null : Math.abs(improvement), 0),
    calibrationError: format.percent(calibrationError(run.calibration), 1),
    seconds: format.number(run.durationMs / 1000, 1),
  };
};
