import { graphql } from "../../../generated";

/** A page of one model's training runs, newest first, with their measures and calibration by decile. */
export const PREDICTION_MODEL_RUNS_QUERY = graphql(`
  query PredictionModelRuns($kind: PredictionKind!, $first: Int!, $after: String) {
    predictionModelRuns(kind: $kind, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        kind
        trainedAt
        trainAsOf
        testAsOf
        trainRows
        testRows
        positives
        auc
        baselineAuc
        precisionTopDecile
        brier
        baselineBrier
        promoted
        smallData
        durationMs
        note
        calibration {
          decile
          rows
          predicted
          observed
        }
      }
    }
  }
`);
