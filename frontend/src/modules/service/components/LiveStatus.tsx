import { Badge } from "antd";
import { useTranslation } from "react-i18next";

import type { LiveConnection } from "../hooks/useServiceTicketEventsSubscription";

const BADGE = { connecting: "processing", connected: "success", reconnecting: "warning", failed: "error" } as const;

/** A small "live" light beside a page title. */
export const LiveStatus = ({ connection }: { connection: LiveConnection }) => {
  const { t } = useTranslation("service");
  return <Badge status={BADGE[connection]} text={t(`live.state.${connection}`)} data-testid="live-status" data-connection={connection} />;
};
