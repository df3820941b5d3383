import { graphql } from "../../../generated";

/** Ask for a training of a model now (administrators); a request already waiting for that model is answered. */
export const PREDICTION_MODEL_TRAIN_MUTATION = graphql(`
  mutation PredictionModelTrain($input: PredictionModelTrainInput!) {
    predictionModelTrain(input: $input) {
      request {
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
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
