import type { RowScope } from "../../../generated/graphql";
import { canReadAll } from "../../dashboards/utils/dashboardPanels";
import type { PermissionIndex } from "../../permissions/utils/permissionIndex";

/** The home page's sections, in display order: overviews first, then the viewer's own work. */
export const HOME_SECTION_KEYS = [
  "teamPerformance",
  "myTarget",
  "funnel",
  "approvals",
  "serviceOverview",
  "escalations",
  "customerSegments",
  "myTickets",
  "myTasks",
  "myOpportunities",
  "poolWatchlist",
  "newLeads",
] as const;

export type HomeSectionKey = (typeof HOME_SECTION_KEYS)[number];

const CUSTOMER_LINK = ["Customer.id", "Customer.name"];
const TICKET_SLA = [
  "Ticket.sla",
  "TicketSla.firstResponseDueAt",
  "TicketSla.resolutionDueAt",
  "TicketSla.firstResponseBreached",
  "TicketSla.resolutionBreached",
  "TicketSla.paused",
];
const CUSTOMER_GROUPS = ["Query.customerGroups", "CustomerGroups.total", "CustomerGroups.groups", "CustomerGroup.key", "CustomerGroup.customers", "CustomerGroup.share"];

/** Every `Type.field` a section's query selects (root fields as `Query.x`): all must be readable. */
const SECTION_READS: Record<HomeSectionKey, readonly string[]> = {
  teamPerformance: [
    "Query.salesForecast",
    "Query.salesPerformance",
    ...["periodStart", "wonAmount", "target", "attainment", "projectedAttainment", "weightedByProbability", "weightedByHistory", "openCount"].map(
      (field) => `SalesForecast.${field}`,
    ),
    ...["key", "id", "wonAmount", "won", "open", "winRate", "target", "attainment"].map((field) => `SalesPerformanceRow.${field}`),
  ],
  myTarget: [
    "Query.salesForecast",
    "Query.salesPerformance",
    ...["wonAmount", "target", "attainment"].map((field) => `SalesForecast.${field}`),
    ...["id", "won", "open"].map((field) => `SalesPerformanceRow.${field}`),
  ],
  funnel: ["Query.salesFunnel", ...["stageKey", "stageName", "reached", "amount", "toNext"].map((field) => `FunnelStep.${field}`)],
  approvals: [
    "Query.approvals",
    ...["id", "amount", "createdAt", "toStage", "requestedBy", "opportunity"].map((field) => `Approval.${field}`),
    "PipelineStage.key",
    "PipelineStage.name",
    "User.name",
    "Opportunity.name",
    "Opportunity.customer",
    ...CUSTOMER_LINK,
  ],
  serviceOverview: [
    "Query.serviceStats",
    "ServiceStats.backlog",
    "ServiceStats.csat",
    "ServiceStats.ratings",
    "ServiceStats.csatTrend",
    "KeyCount.key",
    "KeyCount.second",
    "KeyCount.count",
    "TrendPoint.key",
    "TrendPoint.average",
    "TrendPoint.count",
  ],
  escalations: [
    "Query.tickets",
    ...["id", "number", "subject", "priority", "status", "escalationLevel", "firstRespondedAt", "assignee"].map((field) => `Ticket.${field}`),
    "User.name",
    ...TICKET_SLA,
  ],
  customerSegments: CUSTOMER_GROUPS,
  myTickets: [
    "Query.tickets",
    ...["id", "number", "subject", "priority", "status", "firstRespondedAt", "customer"].map((field) => `Ticket.${field}`),
    ...TICKET_SLA,
    ...CUSTOMER_LINK,
  ],
  myTasks: ["Query.myTasks", "Task.id", "Task.title", "Task.dueAt", "Task.customer", ...CUSTOMER_LINK],
  myOpportunities: [
    "Query.opportunities",
    ...["id", "name", "amount", "expectedClose", "stage", "customer"].map((field) => `Opportunity.${field}`),
    "PipelineStage.key",
    "PipelineStage.name",
    ...CUSTOMER_LINK,
  ],
  poolWatchlist: ["Query.poolWatchlist", ...["id", "name", "grade", "poolDaysLeft", "lastFollowUpAt"].map((field) => `Customer.${field}`)],
  newLeads: ["Query.leads", ...["id", "name", "company", "source", "score", "createdAt"].map((field) => `Lead.${field}`)],
};

const seesBeyondOwn = (scopes: readonly RowScope[]) => scopes.includes("TEAM") || scopes.includes("ALL");

/**
 * What a section is for, beyond being readable: who works deals and leads (reps), who oversees other people's
 * deals (managers, directors, analysts), who decides approvals, who works tickets (agents), who assigns them
 * (supervisors), who studies the whole customer base (marketing, analysts). Decided from permissions only.
 */
const SECTION_ROLES: Record<HomeSectionKey, (permissions: PermissionIndex) => boolean> = {
  teamPerformance: (p) => seesBeyondOwn(p.scopes("Opportunity")),
  myTarget: (p) => p.canMutate("opportunityMoveStage") && !seesBeyondOwn(p.scopes("Opportunity")),
  funnel: (p) => seesBeyondOwn(p.scopes("Opportunity")),
  approvals: (p) => p.canMutate("approvalDecide"),
  serviceOverview: (p) => p.canMutate("ticketAssign"),
  escalations: (p) => p.canMutate("ticketAssign"),
  customerSegments: (p) => p.scopes("Customer").includes("ALL"),
  myTickets: (p) => p.canMutate("ticketResolve"),
  myTasks: () => true,
  myOpportunities: (p) => p.canMutate("opportunityMoveStage"),
  poolWatchlist: (p) => p.canMutate("poolClaim"),
  newLeads: (p) => p.canMutate("leadStatusSet"),
};

/** The sections this viewer gets, in display order. */
export const homeSections = (permissions: PermissionIndex): HomeSectionKey[] =>
  HOME_SECTION_KEYS.filter((key) => SECTION_ROLES[key](permissions) && canReadAll(permissions, SECTION_READS[key]));

/** The viewer may read everything a section's query selects (what the arranged home page's catalogue offers). */
export const homeSectionReadable = (permissions: PermissionIndex, key: HomeSectionKey): boolean =>
  canReadAll(permissions, SECTION_READS[key]);

/** The section is for this viewer's work (what the built-in default layout shows). */
export const homeSectionRelevant = (permissions: PermissionIndex, key: HomeSectionKey): boolean => SECTION_ROLES[key](permissions);
