import { Tag } from "antd";
import { useTranslation } from "react-i18next";

import type { LeadStatus } from "../../../generated/graphql";
import { LEAD_STATUS_COLORS } from "../constants/leadStatuses";

/** A lead's status as a coloured tag. */
export const LeadStatusTag = ({ status }: { status: LeadStatus }) => {
  const { t } = useTranslation("sales");
  return (
    <Tag color={LEAD_STATUS_COLORS[status]} data-testid="lead-status">
      {t(`leadStatus.${status}`)}
    </Tag>
  );
};
