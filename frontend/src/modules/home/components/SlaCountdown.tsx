import { Typography } from "antd";
import { useTranslation } from "react-i18next";

import { durationParts, nextSlaDue, type SlaTicket } from "../utils/slaDue";

/** Under this, a deadline shows as a warning. */
const WARN_MS = 60 * 60 * 1000;

/** "Response due in 1h 20m" / "Resolution overdue by 15m" / "SLA paused", as of `now`. */
export const SlaCountdown = ({ ticket, now }: { ticket: SlaTicket; now: number }) => {
  const { t } = useTranslation("home");
  const due = nextSlaDue(ticket, now);
  if (!due) return null;
  if (due.paused) {
    return (
      <Typography.Text type="secondary" data-testid="sla-countdown" data-state="paused">
        {t("sla.paused")}
      </Typography.Text>
    );
  }
  const { days, hours, minutes } = durationParts(due.remainingMs);
  const duration =
    days > 0 ? t("sla.days", { days, hours }) : hours > 0 ? t("sla.hours", { hours, minutes }) : t("sla.minutes", { minutes });
  const state = due.overdue ? "overdue" : due.remainingMs < WARN_MS ? "warning" : "ok";
  const text = due.overdue
    ? t(due.kind === "firstResponse" ? "sla.responseOverdue" : "sla.resolutionOverdue", { duration })
    : t(due.kind === "firstResponse" ? "sla.responseDue" : "sla.resolutionDue", { duration });
  return (
    <Typography.Text
      type={state === "overdue" ? "danger" : state === "warning" ? "warning" : "secondary"}
      data-testid="sla-countdown"
      data-state={state}
    >
      {text}
    </Typography.Text>
  );
};
