import { Tag } from "antd";
import { useTranslation } from "react-i18next";

import type { Priority } from "../../../generated/graphql";

const COLORS: Record<Priority, string> = { LOW: "default", NORMAL: "blue", HIGH: "orange", URGENT: "red" };

export const PriorityTag = ({ priority }: { priority: Priority }) => {
  const { t } = useTranslation("home");
  return <Tag color={COLORS[priority]}>{t(`priorities.${priority}`)}</Tag>;
};
