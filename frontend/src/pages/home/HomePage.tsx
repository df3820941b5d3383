import { Card, Col, Descriptions, Flex, Row, Space, Tag, Typography } from "antd";
import { Fragment, useMemo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useCurrentViewer } from "../../modules/auth/hooks/useCurrentViewer";
import { useRoleLabel } from "../../modules/auth/hooks/useRoleLabel";
import { ApprovalsSection } from "../../modules/home/components/ApprovalsSection";
import { CustomerSegmentsSection } from "../../modules/home/components/CustomerSegmentsSection";
import { EscalationsSection } from "../../modules/home/components/EscalationsSection";
import { FunnelSection } from "../../modules/home/components/FunnelSection";
import { MyOpportunitiesSection } from "../../modules/home/components/MyOpportunitiesSection";
import { MyTargetSection } from "../../modules/home/components/MyTargetSection";
import { MyTasksSection } from "../../modules/home/components/MyTasksSection";
import { MyTicketsSection } from "../../modules/home/components/MyTicketsSection";
import { NewLeadsSection } from "../../modules/home/components/NewLeadsSection";
import { PoolWatchlistSection } from "../../modules/home/components/PoolWatchlistSection";
import { ServiceOverviewSections } from "../../modules/home/components/ServiceOverviewSections";
import { TeamPerformanceSection } from "../../modules/home/components/TeamPerformanceSection";
import { homeSections, type HomeSectionKey } from "../../modules/home/utils/homeSections";
import { loadDashboardsNamespace } from "../../i18n/dashboardsNamespace";
import { useLazyNamespace } from "../../i18n/useLazyNamespace";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { PageLoading } from "../../modules/ui/components/PageLoading";

const half = (content: ReactNode) => (
  <Col xs={24} xl={12}>
    {content}
  </Col>
);

/** Each section in its column(s); the service overview is two cards (backlog and CSAT). */
const renderSection = (key: HomeSectionKey, viewerId: string): ReactNode => {
  switch (key) {
    case "teamPerformance":
      return half(<TeamPerformanceSection />);
    case "myTarget":
      return half(<MyTargetSection />);
    case "funnel":
      return half(<FunnelSection />);
    case "approvals":
      return half(<ApprovalsSection />);
    case "serviceOverview":
      return <ServiceOverviewSections />;
    case "escalations":
      return half(<EscalationsSection />);
    case "customerSegments":
      return (
        <Col xs={24}>
          <CustomerSegmentsSection />
        </Col>
      );
    case "myTickets":
      return half(<MyTicketsSection viewerId={viewerId} />);
    case "myTasks":
      return half(<MyTasksSection />);
    case "myOpportunities":
      return half(<MyOpportunitiesSection viewerId={viewerId} />);
    case "poolWatchlist":
      return half(<PoolWatchlistSection />);
    case "newLeads":
      return half(<NewLeadsSection viewerId={viewerId} />);
  }
};

/**
 * /: greets the viewer, then shows what their permissions make relevant: a rep's tasks, deals, customers about
 * to return to the pool and new leads; a manager's team against target, funnel and approvals; an agent's
 * tickets with SLA countdowns; a supervisor's backlog, escalations and CSAT; marketing's customer segments.
 */
const Home = () => {
  const { t } = useTranslation();
  const viewer = useCurrentViewer();
  const permissions = usePermissions();
  const sections = useMemo(() => homeSections(permissions), [permissions]);
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
      {sections.length > 0 && (
        <Row gutter={[16, 16]} data-testid="home-sections">
          {sections.map((key) => (
            <Fragment key={key}>{renderSection(key, viewer.id)}</Fragment>
          ))}
        </Row>
      )}
    </Flex>
  );
};

/** The home page once the dashboards' strings (its sections' labels) are loaded. */
export const HomePage = () =>
  useLazyNamespace("dashboards", loadDashboardsNamespace) ? <Home /> : <PageLoading />;
