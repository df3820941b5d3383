import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { categoryOf, channelOf, gradeOf, segmentOf, ticketStatusOf } from "../utils/enumKeys";

export type DashboardLabels = {
  segment: (key: string | null) => string;
  grade: (key: string | null) => string;
  ticketStatus: (key: string | null) => string;
  channel: (key: string | null) => string;
  category: (key: string | null) => string;
  /** A province, industry, rep...: as sent, or "unknown". */
  plain: (key: string | null) => string;
};

/** Display names of the keys that aggregates group by, in the current language. */
export const useDashboardLabels = (): DashboardLabels => {
  const { t } = useTranslation("dashboards");
  return useMemo(() => {
    const unknown = t("labels.unknown");
    const plain = (key: string | null) => (key === null || key === "" || key === "—" ? unknown : key);
    return {
      segment: (key) => {
        const segment = segmentOf(key);
        return segment ? t(`labels.segments.${segment}`) : plain(key);
      },
      grade: (key) => {
        const grade = gradeOf(key);
        return grade ? t("labels.grade", { grade }) : plain(key);
      },
      ticketStatus: (key) => {
        const status = ticketStatusOf(key);
        return status ? t(`labels.ticketStatuses.${status}`) : plain(key);
      },
      channel: (key) => {
        const channel = channelOf(key);
        return channel ? t(`labels.channels.${channel}`) : plain(key);
      },
      category: (key) => {
        const category = categoryOf(key);
        return category ? t(`labels.categories.${category}`) : plain(key);
      },
      plain,
    };
  }, [t]);
};
