import { Alert, Card, Col, Descriptions, Row, Statistic, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useFormatters } from "../../format/hooks/useFormatters";
import type { ModelRun } from "../utils/modelRuns";
import { runFigures } from "../utils/runFigures";
import { RunStatusTags } from "./RunStatusTags";

/** One measure: its value (beside the baseline's) and what it means in plain words. */
const Measure = ({ testId, title, value, children }: { testId: string; title: string; value: string; children: ReactNode }) => (
  <Col xs={24} md={8} data-testid={testId}>
    <Statistic title={title} value={value} />
    <Typography.Paragraph type="secondary" style={{ marginTop: 4, marginBottom: 0 }}>
      {children}
    </Typography.Paragraph>
  </Col>
);

/** The model in force: its measures against the baseline explained, its data, and why it was promoted. */
export const ModelSummary = ({ run }: { run: ModelRun }) => {
  const { t } = useTranslation("predictionModels");
  const format = useFormatters();
  const figures = runFigures(run, format);
  const brierText =
    figures.brierDirection === "lower"
      ? t("explain.brierLower", { change: figures.brierChange })
      : figures.brierDirection === "higher"
        ? t("explain.brierHigher", { change: figures.brierChange })
        : t("explain.brier");
  return (
    <Card size="small" title={t("inForce")} extra={<RunStatusTags run={run} inForce />} data-testid="model-summary">
      {run.smallData && (
        <Alert
          type="warning"
          showIcon
          data-testid="small-data"
          title={t("smallData.title")}
          description={t("smallData.body")}
          style={{ marginBottom: 12 }}
        />
      )}
      <Row gutter={[24, 16]}>
        <Measure testId="summary-auc" title={t("measure.auc")} value={t("vsBaseline", { value: figures.auc, baseline: figures.baselineAuc })}>
          {figures.aucKnown
            ? t(`explain.auc.${run.kind}`, { auc: figures.aucShare, baseline: figures.baselineAucShare })
            : t("explain.aucUnknown")}
        </Measure>
        <Measure testId="summary-precision" title={t("measure.precision")} value={figures.precision}>
          {figures.precisionKnown &&
            t(`explain.precision.${run.kind}`, { precision: figures.precision, rate: figures.rate, lift: figures.lift })}
        </Measure>
        <Measure
          testId="summary-brier"
          title={t("measure.brier")}
          value={t("vsBaseline", { value: figures.brier, baseline: figures.baselineBrier })}
        >
          {brierText}
        </Measure>
      </Row>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        style={{ marginTop: 16 }}
        data-testid="summary-data"
        items={[
          {
            key: "training",
            label: t("measure.training"),
            children: t(`positives.${run.kind}`, { rows: format.number(run.trainRows), positives: format.number(run.positives) }),
          },
          { key: "heldOut", label: t("measure.heldOut"), children: format.number(run.testRows) },
          { key: "trainedAt", label: t("measure.trainedAt"), children: format.dateTime(run.trainedAt) },
          { key: "trainAsOf", label: t("measure.trainAsOf"), children: format.date(run.trainAsOf) },
          { key: "testAsOf", label: t("measure.testAsOf"), children: format.date(run.testAsOf) },
          { key: "duration", label: t("measure.duration"), children: t("durationSeconds", { seconds: figures.seconds }) },
          ...(run.note ? [{ key: "note", label: t("measure.note"), span: "filled" as const, children: <span data-testid="summary-note">{run.note}</span> }] : []),
        ]}
      />
    </Card>
  );
};
