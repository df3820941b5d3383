import { useCallback, useEffect, useMemo } from "react";
import { useQuery } from "urql";

import { PREDICTION_TRAINING_REQUESTS_QUERY } from "../graphql/predictionTrainingRequestsQuery";
import { trainingPending, type TrainingRequest } from "../utils/trainingRequests";

/** How often the page asks again while a training is queued or running. */
export const TRAINING_POLL_MS = 3000;

const NONE: TrainingRequest[] = [];

/**
 * The newest training request of each model, asked again from the server every 3 s while one is queued or running
 * (polling stops once none is); `refresh` asks at once (after asking for a training).
 */
export const usePredictionTrainingRequestsQuery = (pause = false) => {
  const context = useMemo(() => ({ additionalTypenames: ["PredictionTrainingRequest"] }), []);
  const [result, reexecute] = useQuery({ query: PREDICTION_TRAINING_REQUESTS_QUERY, pause, context, requestPolicy: "cache-and-network" });
  const requests = result.data?.predictionTrainingRequests ?? NONE;
  const pending = requests.some(trainingPending);
  useEffect(() => {
    if (pause || !pending) return undefined;
    const timer = setInterval(() => reexecute({ requestPolicy: "network-only" }), TRAINING_POLL_MS);
    return () => clearInterval(timer);
  }, [pause, pending, reexecute]);
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  return { requests, refresh };
};
