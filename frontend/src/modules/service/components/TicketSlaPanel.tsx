import { Flex, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { TicketStatus } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { SlaCountdown } from "../../ui/components/SlaCountdown";
import { slaClockOf, type SlaTarget } from "../../ui/utils/slaClock";

type TicketSlaPanelProps = {
  ticket: {
    status: TicketStatus;
    firstRespondedAt?: string | null;
    resolvedAt: string | null;
    sla?: {
      firstResponseDueAt: string | null;
      firstResponseWarnAt: string | null;
      resolutionDueAt: string | null;
      resolutionWarnAt: string | null;
      firstResponseBreached: boolean;
      resolutionBreached: boolean;
      paused: boolean;
    };
  };
};

/** Both SLA targets: a live countdown while one runs, met or breached once it is done. */
export const TicketSlaPanel = ({ ticket }: TicketSlaPanelProps) => {
  const { t } = useTranslation("service");
  const format = useFormatters();
  const { sla } = ticket;
  if (!sla) return null;

  const row = (target: SlaTarget, doneAt: string | null | undefined, breached: boolean) => {
    const clock = slaClockOf(sla, target);
    const label = t(target === "firstResponse" ? "sla.firstResponse" : "sla.resolution");
    let value;
    if (!clock.dueAt) value = <Typography.Text type="secondary">{t("sla.noTarget")}</Typography.Text>;
    else if (doneAt || ticket.status === "CLOSED")
      value = (
        <Tag color={breached ? "error" : "success"} data-testid={`sla-${target}-done`}>
          {t(breached ? "sla.breached" : "sla.met")}
          {doneAt ? ` · ${format.dateTime(doneAt)}` : ""}
        </Tag>
      );
    else value = <SlaCountdown clock={clock} />;
    return (
      <Flex justify="space-between" align="center" gap={8} key={target}>
        <Typography.Text>{label}</Typography.Text>
        {value}
      </Flex>
    );
  };

  return (
    <Flex vertical gap={8} data-testid="ticket-sla">
      {row("firstResponse", ticket.firstRespondedAt, sla.firstResponseBreached)}
      {row("resolution", ticket.resolvedAt, sla.resolutionBreached)}
    </Flex>
  );
};
