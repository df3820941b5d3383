import { Card, Col, Empty, Row, Table, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { LazyEChart } from "../../dashboards/components/LazyEChart";
import { useFormatters } from "../../format/hooks/useFormatters";
import { calibrationChartOption } from "../utils/calibrationChart";
import { calibrationError, type CalibrationBin } from "../utils/modelRuns";

/**
 * Calibration by decile of a run's held-out predictions: the chart (points against the diagonal) and the same
 * numbers as a table, for phones and screen readers.
 */
export const CalibrationPanel = ({ bins }: { bins: readonly CalibrationBin[] }) => {
  const { t } = useTranslation("predictionModels");
  const format = useFormatters();
  const percent = (value: number) => format.percent(value, 1);
  const option = useMemo(
    () =>
      calibrationChartOption(
        bins,
        {
          observed: t("calibration.observedSeries"),
          perfect: t("calibration.perfect"),
          predictedAxis: t("calibration.predictedAxis"),
          observedAxis: t("calibration.observedAxis"),
          point: (bin) =>
            t("calibration.point", {
              decile: bin.decile,
              rows: format.number(bin.rows),
              predicted: format.percent(bin.predicted, 1),
              observed: format.percent(bin.observed, 1),
            }),
        },
        (value) => format.percent(value, 0),
      ),
    [bins, t, format],
  );
  return (
    <Card size="small" title={t("calibration.title")} data-testid="calibration">
      <Typography.Paragraph type="secondary">{t("calibration.explain")}</Typography.Paragraph>
      {bins.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("calibration.none")} />
      ) : (
        <Row gutter={[24, 16]}>
          <Col xs={24} lg={14}>
            <LazyEChart testId="calibration-chart" height={320} option={option} />
            <Typography.Text data-testid="calibration-error">
              {t("calibration.error", { error: format.percent(calibrationError(bins), 1) })}
            </Typography.Text>
          </Col>
          <Col xs={24} lg={10}>
            <Table
              data-testid="calibration-table"
              size="small"
              rowKey="decile"
              pagination={false}
              dataSource={[...bins]}
              columns={[
                { title: t("calibration.decile"), dataIndex: "decile" },
                { title: t("calibration.rows"), render: (_, bin) => format.number(bin.rows), align: "right" },
                { title: t("calibration.predicted"), render: (_, bin) => percent(bin.predicted), align: "right" },
                { title: t("calibration.observed"), render: (_, bin) => percent(bin.observed), align: "right" },
                {
                  title: t("calibration.gap"),
                  render: (_, bin) => `${bin.observed >= bin.predicted ? "+" : "−"}${percent(Math.abs(bin.observed - bin.predicted))}`,
                  align: "right",
                },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
};
