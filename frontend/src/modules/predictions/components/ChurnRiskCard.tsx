import { ArrowDownOutlined, ArrowUpOutlined, WarningOutlined } from "@ant-design/icons";
import { Alert, Card, Empty, Flex, List, Space, Statistic, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { CustomerPredictionsQuery } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";

export type ChurnRiskData = NonNullable<NonNullable<CustomerPredictionsQuery["customer"]>["churnRisk"]>;

const BAND_COLORS = { LOW: "green", MEDIUM: "orange", HIGH: "red" } as const;

type ChurnRiskCardProps = {
  /** The latest score, or null when the customer was never scored. */
  risk: ChurnRiskData | null;
  /** Where the customer's tasks are listed (the follow-up task of a high risk is among them): "#id" on the page, or
   * a route. */
  tasksHref: string;
};

/** A customer's churn risk: band, probability, reasons (new ones marked), what changed, and the follow-up. */
export const ChurnRiskCard = ({ risk, tasksHref }: ChurnRiskCardProps) => {
  const { t } = useTranslation("predictions");
  const format = useFormatters();
  if (!risk) {
    return (
      <Card title={t("churn.title")} size="small" data-testid="churn-risk">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("churn.notScored")} data-testid="churn-not-scored" />
      </Card>
    );
  }
  const previous = risk.previousProbability;
  // An arrow only for a change: the same probability as the last score rose and fell by nothing.
  const rose = previous !== null && risk.probability > previous;
  const fell = previous !== null && risk.probability < previous;
  return (
    <Card
      title={t("churn.title")}
      size="small"
      extra={
        <Tag color={BAND_COLORS[risk.band]} data-testid="churn-band">
          {t(`churn.band.${risk.band}`)}
        </Tag>
      }
      data-testid="churn-risk"
    >
      <Flex vertical gap={12}>
        {risk.band === "HIGH" && (
          <Alert
            type="error"
            showIcon
            icon={<WarningOutlined />}
            title={t("churn.followUp")}
            action={
              tasksHref.startsWith("#") ? (
                <a href={tasksHref} data-testid="churn-tasks-link">
                  {t("churn.seeTasks")}
                </a>
              ) : (
                <Link to={tasksHref} data-testid="churn-tasks-link">
                  {t("churn.seeTasks")}
                </Link>
              )
            }
            data-testid="churn-follow-up"
          />
        )}
        <Flex wrap gap={16} align="end">
          <Statistic title={t("churn.probability")} value={format.percent(risk.probability, 0)} data-testid="churn-probability" />
          <Typography.Text type="secondary" data-testid="churn-change">
            {previous === null ? (
              t("churn.firstScore")
            ) : (
              <Space size={4}>
                {rose ? (
                  <ArrowUpOutlined style={{ color: "#cf1322" }} />
                ) : fell ? (
                  <ArrowDownOutlined style={{ color: "#389e0d" }} />
                ) : null}
                {t("churn.change", { previous: format.percent(previous, 0), date: format.date(risk.previousScoredAt) })}
              </Space>
            )}
          </Typography.Text>
        </Flex>
        {risk.smallData && (
          <Tag color="default" style={{ alignSelf: "flex-start" }} data-testid="churn-small-data">
            {t("churn.smallData")}
          </Tag>
        )}
        <div>
          <Typography.Text strong>{t("churn.reasons")}</Typography.Text>
          {risk.reasons.length === 0 ? (
            <div>
              <Typography.Text type="secondary">{t("churn.noReasons")}</Typography.Text>
            </div>
          ) : (
            <List
              size="small"
              split={false}
              dataSource={risk.reasons}
              renderItem={(reason) => (
                <List.Item style={{ paddingInline: 0 }} data-testid="churn-reason">
                  <Space size={6} wrap>
                    <span>{reason.text}</span>
                    {reason.new && (
                      <Tag color="blue" data-testid="churn-reason-new">
                        {t("churn.new")}
                      </Tag>
                    )}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="churn-scored-at">
          {t("churn.scoredAt", { date: format.dateTime(risk.scoredAt) })}
        </Typography.Text>
      </Flex>
    </Card>
  );
};
