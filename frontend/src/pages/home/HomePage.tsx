import { Card, Descriptions, Flex, Space, Tag, Typography } from "antd";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";

import { useCurrentViewer } from "../../modules/auth/hooks/useCurrentViewer";
import { useRoleLabel } from "../../modules/auth/hooks/useRoleLabel";
import { HOME_WIDGETS } from "../../modules/home/components/homeWidgets";
import { homeSections } from "../../modules/home/utils/homeSections";
import { periodFromSearchParams } from "../../modules/dashboards/utils/dashboardPeriod";
import { ArrangeablePage } from "../../modules/layouts/components/ArrangeablePage";
import type { CatalogueEntry, LayoutWidget } from "../../modules/layouts/types";
import { loadDashboardsNamespace } from "../../i18n/dashboardsNamespace";
import { useLazyNamespace } from "../../i18n/useLazyNamespace";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { PageLoading } from "../../modules/ui/components/PageLoading";

/**
 * /: greets the viewer, then shows what their permissions make relevant: a rep's tasks, deals, customers about
 * to return to the pool and new leads; a manager's team against target, funnel and approvals; an agent's
 * tickets with SLA countdowns; a supervisor's backlog, escalations and CSAT; marketing's customer segments. The
 * viewer arranges those sections (or sees the layout published to their role).
 */
const Home = () => {
  const { t } = useTranslation();
  const viewer = useCurrentViewer();
  const permissions = usePermissions();
  const sections = useMemo(() => homeSections(permissions), [permissions]);
  const readableAny = useMemo(() => HOME_WIDGETS.some((entry) => entry.readable(permissions)), [permissions]);
  const renderWidget = useCallback(
    (widget: LayoutWidget, entry: CatalogueEntry) =>
      entry.render({ widget, period: periodFromSearchParams(new URLSearchParams()), viewerId: viewer.id }),
    [viewer.id],
  );
  const roleLabel = useRoleLabel();

  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Title level={2} style={{ marginTop: 0 }} data-testid="home-greeting">
          {t("home.greeting", { name: viewer.name })}
        </Typography.Title>
        <Descriptions column={{ xs: 1, md: 3 }} bordered size="middle">
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
      {(sections.length > 0 || readableAny) && (
        <div data-testid="home-sections">
          <ArrangeablePage page="HOME" catalogue={HOME_WIDGETS} renderWidget={renderWidget} />
        </div>
      )}
    </Flex>
  );
};

/** The home page once the dashboards' strings (its sections' labels) are loaded. */
export const HomePage = () =>
  useLazyNamespace("dashboards", loadDashboardsNamespace) ? <Home /> : <PageLoading />;
