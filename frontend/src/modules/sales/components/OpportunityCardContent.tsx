import { CalendarOutlined, ClockCircleOutlined, UserOutlined } from "@ant-design/icons";
import { Card, Flex, Space, Tag, Tooltip, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useFormatters } from "../../format/hooks/useFormatters";
import type { BoardOpportunity } from "../types/BoardOpportunity";

type OpportunityCardContentProps = {
  opportunity: BoardOpportunity;
  /** Shown even before the board refetches the card's pending approval. */
  awaitingApproval?: boolean;
  actions?: ReactNode;
  loading?: boolean;
};

/** What a pipeline card shows: name, customer, amount, owner, expected close, the win probability and a pending
 * approval. */
export const OpportunityCardContent = ({ opportunity, awaitingApproval = false, actions, loading = false }: OpportunityCardContentProps) => {
  const { t } = useTranslation("sales");
  const format = useFormatters();
  const pending = opportunity.pendingApproval;
  return (
    <Card size="small" style={{ opacity: loading ? 0.6 : 1 }}>
      <Flex justify="space-between" align="start" gap={4}>
        <Typography.Text strong ellipsis={{ tooltip: opportunity.name }} data-testid="opportunity-name">
          <Link to={`/opportunities/${opportunity.id}`} data-testid="opportunity-open">
            {opportunity.name}
          </Link>
        </Typography.Text>
        {actions}
      </Flex>
      {opportunity.customer && (
        <div>
          <Link to={`/customers/${opportunity.customer.id}`} data-testid="opportunity-customer">
            {opportunity.customer.name}
          </Link>
        </div>
      )}
      <Typography.Text data-testid="opportunity-amount" style={{ fontSize: 16 }}>
        {format.money(opportunity.amount)}
      </Typography.Text>
      <Flex wrap gap={8} style={{ marginTop: 4 }}>
        {opportunity.owner && (
          <Typography.Text type="secondary" data-testid="opportunity-owner">
            <Space size={4}>
              <UserOutlined aria-label={t("pipeline.owner")} />
              {opportunity.owner.name}
            </Space>
          </Typography.Text>
        )}
        {opportunity.expectedClose && (
          <Tooltip title={t("pipeline.expectedClose")}>
            <Typography.Text type="secondary" data-testid="opportunity-expected-close">
              <Space size={4}>
                <CalendarOutlined aria-label={t("pipeline.expectedClose")} />
                {format.date(opportunity.expectedClose)}
              </Space>
            </Typography.Text>
          </Tooltip>
        )}
      </Flex>
      {opportunity.winProbability && (
        <Tooltip title={t("pipeline.winProbabilityHint")}>
          <Tag color="blue" style={{ marginTop: 8 }} data-testid="opportunity-win-probability">
            {t("pipeline.winProbability", { percent: format.percent(opportunity.winProbability.probability, 0) })}
          </Tag>
        </Tooltip>
      )}
      {(pending || awaitingApproval) && (
        <Tooltip title={pending?.toStage ? t("pipeline.awaitingApprovalTo", { stage: pending.toStage.name }) : undefined}>
          <Tag color="gold" icon={<ClockCircleOutlined />} style={{ marginTop: 8 }} data-testid="awaiting-approval">
            {t("pipeline.awaitingApproval")}
          </Tag>
        </Tooltip>
      )}
    </Card>
  );
};
