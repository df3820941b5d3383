import { ArrowDownOutlined, ArrowUpOutlined } from "@ant-design/icons";
import { Card, Empty, Flex, List, Progress, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { OpportunityPredictionsQuery } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";

export type WinProbabilityData = NonNullable<NonNullable<OpportunityPredictionsQuery["opportunity"]>["winProbability"]>;

/** An open deal's chance of being won, what changed since the last score and what pushed it most. */
export const WinProbabilityCard = ({ win }: { win: WinProbabilityData | null }) => {
  const { t } = useTranslation("predictions");
  const format = useFormatters();
  if (!win) {
    return (
      <Card title={t("win.title")} size="small" data-testid="win-probability">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("win.notScored")} />
      </Card>
    );
  }
  const previous = win.previousProbability;
  return (
    <Card title={t("win.title")} size="small" data-testid="win-probability">
      <Flex vertical gap={8}>
        <Flex align="center" gap={16} wrap>
          <Progress type="circle" size={72} percent={Math.round(win.probability * 100)} format={() => format.percent(win.probability, 0)} data-testid="win-percent" />
          <Flex vertical gap={4}>
            {previous !== null && (
              <Typography.Text type="secondary" data-testid="win-change">
                <Space size={4}>
                  {win.probability > previous ? (
                    <ArrowUpOutlined style={{ color: "#389e0d" }} />
                  ) : win.probability < previous ? (
                    <ArrowDownOutlined style={{ color: "#cf1322" }} />
                  ) : null}
                  {t("win.change", { previous: format.percent(previous, 0), date: format.date(win.previousScoredAt) })}
                </Space>
              </Typography.Text>
            )}
            {win.smallData && (
              <Tag style={{ alignSelf: "flex-start" }} data-testid="win-small-data">
                {t("win.smallData")}
              </Tag>
            )}
          </Flex>
        </Flex>
        {win.reasons.length > 0 && (
          <div>
            <Typography.Text strong>{t("win.reasons")}</Typography.Text>
            <List size="small" split={false} dataSource={win.reasons} renderItem={(reason) => <List.Item style={{ paddingInline: 0 }} data-testid="win-reason">{reason}</List.Item>} />
          </div>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("win.scoredAt", { date: format.dateTime(win.scoredAt) })}
        </Typography.Text>
      </Flex>
    </Card>
  );
};
