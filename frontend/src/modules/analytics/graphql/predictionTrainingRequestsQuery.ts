import { graphql } from "../../../generated";

/** The newest training request of each model: where it stands, and the run it recorded or why it failed. */
export const PREDICTION_TRAINING_REQUESTS_QUERY = graphql(`
  query PredictionTrainingRequests {
    predictionTrainingRequests {
      id
      kind
      status
      requestedAt
      startedAt
      finishedAt
      error
      run {
        id
      }
    }
  }
`);
