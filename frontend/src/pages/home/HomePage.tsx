import { Card, Descriptions, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { useCurrentViewer } from "../../modules/auth/hooks/useCurrentViewer";
import { roleLabelKey } from "../../modules/auth/utils/roleLabelKey";

/** /: greets the viewer and shows who they are in Rapport. */
export const HomePage = () => {
  const { t } = useTranslation();
  const viewer = useCurrentViewer();
  const roleLabel = (role: string): string => {
    const key = roleLabelKey(role);
    return key ? t(key) : role;
  };

  return (
    <Card>
      <Typography.Title level={2} style={{ marginTop: 0 }} data-testid="home-greeting">
        {t("home.greeting", { name: viewer.name })}
      </Typography.Title>
      <Descriptions column={1} bordered size="middle">
        <Descriptions.Item label={t("home.email")}>
          <span data-testid="viewer-email">{viewer.email}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("home.roles")}>
          <Space size={[0, 8]} wrap data-testid="viewer-roles">
            {viewer.roles.length > 0 ? (
              viewer.roles.map((role) => (
                <Tag key={role} color="blue" data-role={role}>
                  {roleLabel(role)}
                </Tag>
              ))
            ) : (
              <Typography.Text type="secondary">{t("home.noRoles")}</Typography.Text>
            )}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t("home.team")}>
          <span data-testid="viewer-team">{viewer.team?.name ?? t("home.noTeam")}</span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
};
