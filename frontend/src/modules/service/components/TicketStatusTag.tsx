import { Tag } from "antd";
import { useTranslation } from "react-i18next";

import type { TicketStatus } from "../../../generated/graphql";

const COLORS: Record<TicketStatus, string> = {
  NEW: "blue",
  ASSIGNED: "geekblue",
  IN_PROGRESS: "processing",
  WAITING: "gold",
  RESOLVED: "green",
  CLOSED: "default",
  REOPENED: "magenta",
};

export const TicketStatusTag = ({ status }: { status: TicketStatus }) => {
  const { t } = useTranslation("service");
  return (
    <Tag color={COLORS[status]} data-status={status} data-testid="ticket-status">
      {t(`status.${status}`)}
    </Tag>
  );
};
