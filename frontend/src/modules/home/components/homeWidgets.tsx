import { Row } from "antd";

import type { CatalogueEntry, WidgetKind } from "../../layouts/types";
import { homeSectionReadable, homeSectionRelevant, type HomeSectionKey } from "../utils/homeSections";
import { ApprovalsSection } from "./ApprovalsSection";
import { CustomerSegmentsSection } from "./CustomerSegmentsSection";
import { EscalationsSection } from "./EscalationsSection";
import { FunnelSection } from "./FunnelSection";
import { MyOpportunitiesSection } from "./MyOpportunitiesSection";
import { MyTargetSection } from "./MyTargetSection";
import { MyTasksSection } from "./MyTasksSection";
import { MyTicketsSection } from "./MyTicketsSection";
import { NewLeadsSection } from "./NewLeadsSection";
import { PoolWatchlistSection } from "./PoolWatchlistSection";
import { ServiceOverviewSections } from "./ServiceOverviewSections";
import { TeamPerformanceSection } from "./TeamPerformanceSection";

const section = (kind: WidgetKind, key: HomeSectionKey, w: number, h: number, draw: CatalogueEntry["render"]): CatalogueEntry => ({
  kind,
  inDefault: (permissions) => homeSectionRelevant(permissions, key),
  readable: (permissions) => homeSectionReadable(permissions, key),
  size: { w, h },
  period: false,
  filters: [],
  render: draw,
});

/** The home page's catalogue, in the classic page's order (overviews first, then the viewer's own work). */
export const HOME_WIDGETS: readonly CatalogueEntry[] = [
  section("teamPerformance", "teamPerformance", 6, 9, () => <TeamPerformanceSection />),
  section("myTarget", "myTarget", 6, 7, () => <MyTargetSection />),
  section("homeFunnel", "funnel", 6, 9, () => <FunnelSection />),
  section("approvals", "approvals", 6, 7, () => <ApprovalsSection />),
  section("serviceOverview", "serviceOverview", 12, 8, () => (
    <Row gutter={[16, 16]}>
      <ServiceOverviewSections />
    </Row>
  )),
  section("escalations", "escalations", 6, 8, () => <EscalationsSection />),
  section("customerSegments", "customerSegments", 12, 9, () => <CustomerSegmentsSection />),
  section("myTickets", "myTickets", 6, 8, ({ viewerId }) => <MyTicketsSection viewerId={viewerId} />),
  section("myTasks", "myTasks", 6, 8, () => <MyTasksSection />),
  section("myOpportunities", "myOpportunities", 6, 8, ({ viewerId }) => <MyOpportunitiesSection viewerId={viewerId} />),
  section("poolWatchlist", "poolWatchlist", 6, 8, () => <PoolWatchlistSection />),
  section("newLeads", "newLeads", 6, 8, ({ viewerId }) => <NewLeadsSection viewerId={viewerId} />),
];
