import type { CombinedError } from "@urql/core";
import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";

type RequestFailedResultProps = {
  error: CombinedError;
  onRetry: () => void;
};

/** What a page shows when its data could not be loaded: unreachable server or a server-side error. */
export const RequestFailedResult = ({ error, onRetry }: RequestFailedResultProps) => {
  const { t } = useTranslation();
  const unreachable = Boolean(error.networkError);
  return (
    <Result
      data-testid="request-failed"
      status={unreachable ? "warning" : "error"}
      title={t(unreachable ? "status.serverUnreachableTitle" : "status.errorTitle")}
      subTitle={t(unreachable ? "status.serverUnreachableSubtitle" : "status.errorSubtitle")}
      extra={
        <Button type="primary" onClick={onRetry} data-testid="retry">
          {t("status.retry")}
        </Button>
      }
    />
  );
};
