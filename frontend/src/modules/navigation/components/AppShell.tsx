import { MenuOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Flex, Grid, Layout, Space, Typography, theme } from "antd";
import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, useLocation } from "react-router";

import { SignOutButton } from "../../auth/components/SignOutButton";
import { useCurrentViewer } from "../../auth/hooks/useCurrentViewer";
import { LanguageSwitch } from "../../localization/components/LanguageSwitch";
import { NotificationBell } from "../../notifications/components/NotificationBell";
import { GlobalSearch } from "../../search/components/GlobalSearch";
import { PageLoading } from "../../ui/components/PageLoading";
import { SideNavigation } from "./SideNavigation";

/**
 * Signed-in layout: side navigation, a header with the search box, the notifications bell, the viewer, language
 * and sign-out, and the page. On a phone (narrower than `md`) the menu folds away entirely: a button at the
 * header's start opens it over the page (a tap beside it or going somewhere closes it), the header keeps the
 * search box and icons only, and the page keeps the whole width.
 */
export const AppShell = () => {
  const { t } = useTranslation();
  const viewer = useCurrentViewer();
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  // Narrower than `md`, as a media query says it (where none answers, as in tests without a layout, not a phone).
  const phone = screens.md === false && (screens.xs === true || screens.sm === true);
  const { pathname } = useLocation();
  // On a phone the menu covers the page: it is open only on the page it was opened on, so going anywhere (a menu
  // item, a search result, a link) folds it away again.
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null);
  // While signing out the page is taken away (see SignOutButton's onSigningOut).
  const [signingOut, setSigningOut] = useState(false);
  const folded = phone ? menuOpenOn !== pathname : collapsed;
  const fold = (value: boolean) => (phone ? setMenuOpenOn(value ? null : pathname) : setCollapsed(value));

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider
        collapsible
        collapsed={folded}
        onCollapse={fold}
        breakpoint="lg"
        collapsedWidth={phone ? 0 : 80}
        trigger={phone ? null : undefined}
        style={phone ? { position: "fixed", insetBlock: 0, insetInlineStart: 0, zIndex: 100 } : undefined}
        data-testid="side-navigation"
      >
        <Flex align="center" justify="center" style={{ height: 64 }}>
          <Typography.Text strong style={{ color: token.colorWhite, fontSize: 18, whiteSpace: "nowrap" }}>
            {folded ? t("app.name").slice(0, 1) : t("app.name")}
          </Typography.Text>
        </Flex>
        <SideNavigation onNavigate={phone ? () => fold(true) : undefined} />
      </Layout.Sider>
      {phone && !folded && (
        <div
          onClick={() => fold(true)}
          style={{ position: "fixed", inset: 0, zIndex: 99, background: token.colorBgMask }}
          data-testid="side-navigation-mask"
        />
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            paddingInline: phone ? 12 : 24,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <Flex align="center" justify="space-between" gap={phone ? 4 : 16} style={{ height: "100%" }}>
            {phone && (
              <Button
                type="text"
                icon={<MenuOutlined />}
                onClick={() => fold(false)}
                aria-label={t("nav.label")}
                title={t("nav.label")}
                data-testid="side-navigation-open"
              />
            )}
            <GlobalSearch compact={phone} />
            <Space size={phone ? 0 : "middle"} style={{ marginInlineStart: "auto", flexShrink: 0 }}>
              <NotificationBell />
              <Space size="small" style={phone ? { display: "none" } : undefined}>
                <UserOutlined />
                <Typography.Text data-testid="viewer-name">{viewer.name}</Typography.Text>
              </Space>
              <LanguageSwitch compact={phone} />
              <SignOutButton compact={phone} onSigningOut={setSigningOut} />
            </Space>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ margin: phone ? 12 : 24 }}>
          {signingOut ? (
            <PageLoading />
          ) : (
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
};
