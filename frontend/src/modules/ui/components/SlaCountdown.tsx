import { ClockCircleOutlined, PauseCircleOutlined, WarningOutlined } from "@ant-design/icons";
import { Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";

import { useFormatters } from "../../format/hooks/useFormatters";
import { useNow } from "../hooks/useNow";
import { durationParts, readSlaClock, type SlaClock, type SlaTone } from "../utils/slaClock";

const TAG_COLOR: Record<SlaTone, string> = { ok: "default", warning: "warning", breached: "error", paused: "default" };

type SlaCountdownProps = {
  clock: SlaClock;
  /** Also name the target (first response / resolution). */
  showTarget?: boolean;
};

/**
 * A live SLA countdown: ticks every second, amber from the 80% warn time, red once breached, and says
 * "paused" while the ticket waits on the customer.
 */
export const SlaCountdown = ({ clock, showTarget = false }: SlaCountdownProps) => {
  const { t } = useTranslation("service");
  const format = useFormatters();
  const now = useNow();
  const { tone, remainingMs } = readSlaClock(clock, now);

  const duration = (ms: number) => {
    const { days, clock: hms } = durationParts(ms);
    return days > 0 ? `${t("sla.days", { count: days })} ${hms}` : hms;
  };
  let text: string;
  if (tone === "paused") text = t("sla.paused");
  else if (remainingMs === null) text = t("sla.noTarget");
  else if (remainingMs <= 0 || tone === "breached") text = t("sla.overdue", { time: duration(remainingMs) });
  else text = t("sla.remaining", { time: duration(remainingMs) });
  const target = t(clock.target === "firstResponse" ? "sla.firstResponse" : "sla.resolution");
  const icon = tone === "paused" ? <PauseCircleOutlined /> : tone === "ok" ? <ClockCircleOutlined /> : <WarningOutlined />;

  return (
    <Tooltip title={`${target} · ${t("sla.dueAt", { time: format.dateTime(clock.dueAt) })}`}>
      <Tag
        color={TAG_COLOR[tone]}
        icon={icon}
        data-testid="sla-countdown"
        data-tone={tone}
        data-target={clock.target}
        style={{ fontVariantNumeric: "tabular-nums" }}
      >
        {showTarget ? `${target} · ${text}` : text}
      </Tag>
    </Tooltip>
  );
};
