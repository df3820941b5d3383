import { Result } from "antd";
import { useTranslation } from "react-i18next";

/** What a sales page shows to a viewer whose role may not open it. */
export const NoAccessResult = () => {
  const { t } = useTranslation("sales");
  return <Result status="403" title={t("noAccess.title")} subTitle={t("noAccess.subtitle")} data-testid="no-access" />;
};
