import { UserOutlined } from "@ant-design/icons";
import { Flex, Layout, Space, Typography, theme } from "antd";
import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";

import { SignOutButton } from "../../auth/components/SignOutButton";
import { useCurrentViewer } from "../../auth/hooks/useCurrentViewer";
import { LanguageSwitch } from "../../localization/components/LanguageSwitch";
import { NotificationBell } from "../../notifications/components/NotificationBell";
import { GlobalSearch } from "../../search/components/GlobalSearch";
import { PageLoading } from "../../ui/components/PageLoading";
import { SideNavigation } from "./SideNavigation";

/**
 * Signed-in layout: side navigation, a header with the search box, the notifications bell, the viewer, language
 * and sign-out, and the page.
 */
export const AppShell = () => {
  const { t } = useTranslation();
  const viewer = useCurrentViewer();
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg">
        <Flex align="center" justify="center" style={{ height: 64 }}>
          <Typography.Text strong style={{ color: token.colorWhite, fontSize: 18 }}>
            {t("app.name")}
          </Typography.Text>
        </Flex>
        <SideNavigation />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: token.colorBgContainer, paddingInline: 24, borderBottom: `1px solid ${token.colorBorderSecondary}` }}
        >
          <Flex align="center" justify="space-between" gap={16} style={{ height: "100%" }}>
            <GlobalSearch />
            <Space size="middle" style={{ marginInlineStart: "auto" }}>
              <NotificationBell />
              <Space size="small">
                <UserOutlined />
                <Typography.Text data-testid="viewer-name">{viewer.name}</Typography.Text>
              </Space>
              <LanguageSwitch />
              <SignOutButton />
            </Space>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
};
