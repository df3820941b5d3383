import { Alert, Button, Flex } from "antd";
import { useTranslation } from "react-i18next";

/** Fallback for an unexpected render failure; retrying reloads the page (and any chunk that failed). */
export const CrashResult = () => {
  const { t } = useTranslation();
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t("status.errorTitle")}
        description={t("status.errorSubtitle")}
        action={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t("status.retry")}
          </Button>
        }
      />
    </Flex>
  );
};
