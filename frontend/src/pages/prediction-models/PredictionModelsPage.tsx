import { Tabs, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { loadPredictionModelsNamespace } from "../../i18n/predictionModelsNamespace";
import { useLazyNamespace } from "../../i18n/useLazyNamespace";
import { PredictionModelView } from "../../modules/analytics/components/PredictionModelView";
import { kindFromParam, MODEL_KINDS, paramOfKind } from "../../modules/analytics/utils/modelRuns";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { NoAccessResult } from "../../modules/sales/components/NoAccessResult";
import { PageLoading } from "../../modules/ui/components/PageLoading";

/** The models, one tab each (`?model=churn|win`). */
const PredictionModels = () => {
  const { t } = useTranslation("predictionModels");
  const [searchParams, setSearchParams] = useSearchParams();
  const kind = kindFromParam(searchParams.get("model"));
  return (
    <div data-testid="prediction-models-page">
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t("title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("intro")}</Typography.Paragraph>
      <Tabs
        activeKey={paramOfKind(kind)}
        onChange={(key) => setSearchParams({ model: key })}
        destroyOnHidden
        items={MODEL_KINDS.map((entry) => ({
          key: entry.param,
          label: <span data-testid={`model-tab-${entry.param}`}>{t(`kind.${entry.kind}`)}</span>,
          children: <PredictionModelView kind={entry.kind} />,
        }))}
      />
    </div>
  );
};

/**
 * /prediction-models: how well the churn and win models predict, for administrators and analysts (the roles that
 * may read `predictionModelRuns`); any other role gets the not-allowed page.
 */
export const PredictionModelsPage = () => {
  const permissions = usePermissions();
  const ready = useLazyNamespace("predictionModels", loadPredictionModelsNamespace);
  if (!permissions.canQuery("predictionModelRuns")) return <NoAccessResult />;
  return ready ? <PredictionModels /> : <PageLoading />;
};
