import { Card, Flex, Result, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { MyExportsList } from "../../modules/exports/components/MyExportsList";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";

/** /my-exports: the viewer's exports and their files; where an export's notification leads. */
export const MyExportsPage = () => {
  const { t } = useTranslation();
  const permissions = usePermissions();
  if (!permissions.canQuery("myExports")) {
    return <Result status="403" title={t("exports.noAccess")} data-testid="my-exports-no-access" />;
  }
  return (
    <Flex vertical gap={16} data-testid="my-exports-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("exports.mine")}
      </Typography.Title>
      <Card>
        <Typography.Paragraph type="secondary">{t("exports.pageHint")}</Typography.Paragraph>
        <MyExportsList />
      </Card>
    </Flex>
  );
};
