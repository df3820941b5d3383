import { Flex, Spin } from "antd";
import { useTranslation } from "react-i18next";

/** Centered spinner for a page or a route chunk that is still loading. */
export const PageLoading = () => {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={{ minHeight: "50vh" }} data-testid="page-loading">
      <Spin size="large" description={t("status.loading")} />
    </Flex>
  );
};
