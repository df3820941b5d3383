import type { PredictionTrainingRequestsQuery } from "../../../generated/graphql";

/** A model's newest training request as the page reads it. */
export type TrainingRequest = PredictionTrainingRequestsQuery["predictionTrainingRequests"][number];

/** Whether a request still waits for its training or is in it. */
export const trainingPending = (request: Pick<TrainingRequest, "status">): boolean =>
  request.status === "QUEUED" || request.status === "RUNNING";
