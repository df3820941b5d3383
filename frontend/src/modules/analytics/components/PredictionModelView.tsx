import { Alert, Empty, Flex, Skeleton } from "antd";
import { useTranslation } from "react-i18next";

import type { PredictionKind } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { usePredictionModelRunsQuery } from "../hooks/usePredictionModelRunsQuery";
import { modelInForce, newestRejected } from "../utils/modelRuns";
import { CalibrationPanel } from "./CalibrationPanel";
import { ModelSummary } from "./ModelSummary";
import { RunHistory } from "./RunHistory";
import { TrainingControl } from "./TrainingControl";

/**
 * One model: "train now" and the state of the training asked for, the run in force (its measures and calibration),
 * a newer run that was not promoted, the history.
 */
export const PredictionModelView = ({ kind }: { kind: PredictionKind }) => {
  const { t } = useTranslation("predictionModels");
  const format = useFormatters();
  const runs = usePredictionModelRunsQuery(kind);
  if (!runs.loaded) {
    if (runs.error) return <RequestFailedResult error={runs.error} onRetry={runs.retry} />;
    return <Skeleton active data-testid="models-loading" />;
  }
  const training = <TrainingControl kind={kind} onTrained={runs.retry} />;
  if (runs.runs.length === 0) {
    return (
      <Flex vertical gap={12}>
        {training}
        <Empty data-testid="models-empty" description={t("empty")} />
      </Flex>
    );
  }
  const inForce = modelInForce(runs.runs);
  const rejected = inForce ? newestRejected(runs.runs) : null;
  return (
    <Flex vertical gap={12} data-testid={`model-${kind}`}>
      {training}
      {inForce ? (
        <>
          {rejected && (
            <Alert
              type="warning"
              showIcon
              data-testid="newest-rejected"
              title={t("newestRejected", { date: format.dateTime(rejected.trainedAt), note: rejected.note ?? "" })}
            />
          )}
          <ModelSummary run={inForce} />
          <CalibrationPanel bins={inForce.calibration} />
        </>
      ) : (
        <Alert
          type="warning"
          showIcon
          data-testid="none-in-force"
          title={t("noneInForce", { count: runs.runs.length })}
          description={runs.hasNextPage ? t("noneInForceMore") : undefined}
        />
      )}
      <RunHistory
        runs={runs.runs}
        totalCount={runs.totalCount}
        inForceId={inForce?.id ?? null}
        hasNextPage={runs.hasNextPage}
        loadingMore={runs.loadingMore}
        loadMore={runs.loadMore}
      />
    </Flex>
  );
};
