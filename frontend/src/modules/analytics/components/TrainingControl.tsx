import { Alert, Button, Flex, Popconfirm, message } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { PredictionKind } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { mutationProblem } from "../../graphql/errors/mutationProblem";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { PREDICTION_MODEL_TRAIN_MUTATION } from "../graphql/predictionModelTrainMutation";
import { usePredictionTrainingRequestsQuery } from "../hooks/usePredictionTrainingRequestsQuery";
import { trainingPending, type TrainingRequest } from "../utils/trainingRequests";

type TrainingControlProps = {
  kind: PredictionKind;
  /** Called once a training this page followed is done (the run list is read again: the new run on top). */
  onTrained: () => void;
};

/**
 * "Train now" for one model: the button (administrators, after a confirmation: training takes a while), the newest
 * request's state while it is queued or running (asked again every few seconds), a message when it is done, and
 * why the last one failed. Viewers who may not read the requests see nothing.
 */
export const TrainingControl = ({ kind, onTrained }: TrainingControlProps) => {
  const { t } = useTranslation("predictionModels");
  const format = useFormatters();
  const permissions = usePermissions();
  const canRead = permissions.canQuery("predictionTrainingRequests");
  const canTrain = permissions.canMutate("predictionModelTrain");
  const { requests, refresh } = usePredictionTrainingRequestsQuery(!canRead);
  const [asked, setAsked] = useState<TrainingRequest | null>(null);
  const [{ fetching }, train] = useMutation(PREDICTION_MODEL_TRAIN_MUTATION);
  const [messageApi, messageHolder] = message.useMessage();
  const followed = useRef<string | null>(null);
  const latest = requests.find((request) => request.kind === kind) ?? null;
  // The request just asked for, until the list has caught up with it.
  const request = asked && asked.id !== latest?.id ? asked : latest;
  const pending = request !== null && trainingPending(request);

  useEffect(() => {
    if (!request) return;
    if (trainingPending(request)) {
      followed.current = request.id;
      return;
    }
    if (followed.current !== request.id) return;
    followed.current = null;
    if (request.status === "DONE") {
      void messageApi.success(t("training.done"));
      onTrained();
    } else {
      void messageApi.error(t("training.failedMessage"));
    }
  }, [request, messageApi, onTrained, t]);

  if (!canRead && !canTrain) return null;

  const ask = async () => {
    const result = await train({ input: { kind } });
    const payload = result.data?.predictionModelTrain;
    const problem = mutationProblem({ error: result.error, payload });
    if (problem) {
      if (problem.kind === "forbidden") void messageApi.error(t("training.forbidden"));
      else if (problem.kind === "userErrors") void messageApi.error(problem.userErrors[0]?.message ?? t("training.askFailed"));
      else void messageApi.error(problem.kind === "failed" && problem.message ? problem.message : t("training.askFailed"));
      return;
    }
    if (payload?.request) {
      setAsked(payload.request);
      followed.current = payload.request.id;
    }
    refresh();
  };

  const model = t(`kind.${kind}`);
  return (
    <Flex vertical gap={8} data-testid={`training-${kind}`}>
      {messageHolder}
      {canTrain && (
        <Flex justify="flex-end">
          <Popconfirm
            title={t("training.confirmTitle", { model })}
            description={t("training.confirm")}
            okText={t("training.confirmOk")}
            cancelText={t("training.cancel")}
            onConfirm={ask}
            disabled={pending}
          >
            <Button type="primary" loading={fetching} disabled={pending} data-testid="train-now">
              {t("training.trainNow")}
            </Button>
          </Popconfirm>
        </Flex>
      )}
      {request && pending && (
        <Alert
          type="info"
          showIcon
          data-testid="training-state"
          title={t(request.status === "RUNNING" ? "training.running" : "training.queued", { time: format.dateTime(request.requestedAt) })}
        />
      )}
      {request?.status === "FAILED" && (
        <Alert
          type="error"
          showIcon
          data-testid="training-failed"
          title={t("training.failed", { time: format.dateTime(request.requestedAt) })}
          description={request.error ?? undefined}
        />
      )}
    </Flex>
  );
};
