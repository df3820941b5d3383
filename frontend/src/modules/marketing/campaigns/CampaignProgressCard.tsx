import { Alert, Card, Col, Descriptions, Progress, Row, Statistic, type ProgressProps } from "antd";
import { useTranslation } from "react-i18next";

import type { CampaignDetailQuery } from "../../../generated/graphql";

type Progress = NonNullable<CampaignDetailQuery["campaign"]>["progress"];

/**
 * A campaign's progress bar: the settled share (sent, skipped or failed) with the sent share in green on top, so a
 * campaign whose every message was skipped does not show a green 100 % - it shows as failed once nothing is left.
 */
export const progressBarProps = (progress: { total: number; sent: number; skipped: number; failed: number }): ProgressProps => {
  const { total, sent, skipped, failed } = progress;
  if (total <= 0) return { percent: 0 };
  const settled = sent + skipped + failed;
  const done = settled >= total;
  return {
    percent: Math.round((settled / total) * 100),
    success: { percent: Math.round((sent / total) * 100) },
    status: done && sent === 0 ? "exception" : done ? "normal" : "active",
  };
};

/** A campaign's figures from its ledger: sent, skipped by reason, failed, opens and clicks (humans vs machines). */
export const CampaignProgressCard = ({ progress }: { progress: Progress }) => {
  const { t } = useTranslation("marketing");
  const noConsent = progress.skippedByReason.find((item) => item.reason === "no_consent")?.count ?? 0;
  const tiles: Array<[string, number]> = [
    ["sent", progress.sent],
    ["skipped", progress.skipped],
    ["failed", progress.failed],
    ["bounced", progress.bounced],
    ["opened", progress.opened],
    ["clicked", progress.clicked],
    ["humanOpens", progress.humanOpens],
    ["humanClicks", progress.humanClicks],
    ["unsubscribed", progress.unsubscribed],
  ];
  return (
    <Card size="small" title={t("campaigns.progress")} data-testid="campaign-progress">
      <Progress {...progressBarProps(progress)} data-testid="campaign-progress-bar" />
      {noConsent > 0 && (
        <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t("campaigns.noConsentHint", { count: noConsent })} data-testid="campaign-no-consent" />
      )}
      <Row gutter={[16, 16]} style={{ marginTop: 8 }}>
        <Col xs={12} sm={8} md={6}>
          <Statistic title={t("campaigns.figure.total")} value={progress.total} />
        </Col>
        <Col xs={12} sm={8} md={6}>
          <Statistic title={t("campaigns.figure.pending")} value={progress.pending} />
        </Col>
        {tiles.map(([key, value]) => (
          <Col xs={12} sm={8} md={6} key={key}>
            <Statistic title={t(`campaigns.figure.${key}` as never)} value={value} data-testid={`campaign-figure-${key}`} />
          </Col>
        ))}
        <Col xs={12} sm={8} md={6}>
          <Statistic title={t("campaigns.figure.machineOpens")} value={progress.opened - progress.humanOpens} />
        </Col>
      </Row>
      {progress.skippedByReason.length > 0 && (
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} title={t("campaigns.skippedByReason")} style={{ marginTop: 16 }}>
          {progress.skippedByReason.map((item) => (
            <Descriptions.Item key={item.reason} label={t(`campaigns.skipReason.${item.reason}` as never, { defaultValue: item.reason })}>
              {item.count}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  );
};
