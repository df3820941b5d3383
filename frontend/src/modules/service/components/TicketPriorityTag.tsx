import { Tag } from "antd";
import { useTranslation } from "react-i18next";

import type { Priority } from "../../../generated/graphql";

const COLORS: Record<Priority, string> = { LOW: "default", NORMAL: "blue", HIGH: "orange", URGENT: "red" };

export const TicketPriorityTag = ({ priority }: { priority: Priority }) => {
  const { t } = useTranslation("service");
  return (
    <Tag color={COLORS[priority]} data-priority={priority}>
      {t(`priority.${priority}`)}
    </Tag>
  );
};
