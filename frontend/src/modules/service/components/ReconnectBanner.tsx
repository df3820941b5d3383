import { Alert, Button } from "antd";
import { useTranslation } from "react-i18next";

import type { LiveConnection } from "../hooks/useServiceTicketEventsSubscription";

type ReconnectBannerProps = {
  connection: LiveConnection;
  onRetry: () => void;
};

/** Says when live updates stopped: while reconnecting (they resume by themselves) or refused. */
export const ReconnectBanner = ({ connection, onRetry }: ReconnectBannerProps) => {
  const { t } = useTranslation("service");
  if (connection === "reconnecting") {
    return (
      <Alert
        type="warning"
        showIcon
        banner
        role="status"
        data-testid="reconnect-banner"
        title={t("live.reconnecting")}
        description={t("live.reconnectingHint")}
        style={{ marginBottom: 16 }}
      />
    );
  }
  if (connection === "failed") {
    return (
      <Alert
        type="error"
        showIcon
        banner
        role="alert"
        data-testid="reconnect-banner"
        title={t("live.failed")}
        action={
          <Button size="small" onClick={onRetry} data-testid="reconnect-retry">
            {t("live.retry")}
          </Button>
        }
        style={{ marginBottom: 16 }}
      />
    );
  }
  return null;
};
