import { Tag } from "antd";
import { useTranslation } from "react-i18next";

import type { CampaignStatus } from "../../../generated/graphql";

const COLORS: Record<CampaignStatus, string> = {
  DRAFT: "default",
  SCHEDULED: "blue",
  SENDING: "processing",
  DONE: "success",
  CANCELLED: "error",
};

export const CampaignStatusTag = ({ status }: { status: CampaignStatus }) => {
  const { t } = useTranslation("marketing");
  return (
    <Tag color={COLORS[status]} data-testid="campaign-status" data-status={status}>
      {t(`campaigns.status.${status}`)}
    </Tag>
  );
};
