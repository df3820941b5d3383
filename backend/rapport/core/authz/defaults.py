"""The source of the shipped default policy: root-field groups and who gets which groups.

Field groups ("Type.group" -> fields) belong to the domain that owns the type: each lists them in its
manifest (`<domain>/policy.py`). `default_policy.csv` is rendered from both (`make policy`, which runs
`rapport.assembly.default_policy`) and committed; a test fails when the two differ. Change the policy here or
in the domain's groups, regenerate, and ship the new rules to existing databases in a migration (see
docs/security.md). Groups name fields by their GraphQL names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapport.core.authz import analytics_grants, marketing_grants


def _names(text: str) -> list[str]:
    return text.split()


#: Root-field groups: (root type, group) -> fields.
ROOTS: dict[tuple[str, str], list[str]] = {
    ("Query", "anon"): _names("viewer node"),
    ("Query", "staff"): _names("teams myTasks notifications unreadNotificationCount regions"),
    ("Query", "portal"): _names("notifications unreadNotificationCount"),
    ("Query", "customers"): _names("customer customers customerDuplicates customerDuplicateCheck tags"),
    ("Query", "products"): _names("products"),
    ("Query", "analysis"): _names("customerGroups contributionRanking"),
    ("Query", "admin"): _names("users apiTokens permissionMatrix"),
    ("Query", "tickets"): _names("ticket tickets kbSearch kbArticle"),
    ("Query", "serviceStats"): _names("serviceStats"),
    ("Query", "supportRules"): _names("routingRules slaPolicies businessCalendars autoCloseDays"),
    ("Query", "survey"): _names("survey"),
    ("Query", "dataSubject"): _names("dataSubjectExport"),
    ("Query", "leads"): _names("lead leads"),
    ("Query", "pipeline"): _names("opportunity opportunities pipelineStages approvals"),
    ("Query", "pool"): _names("publicPool poolClaimsLeft poolWatchlist"),
    ("Query", "salesForce"): _names("salesForce"),
    ("Query", "serviceTeam"): _names("serviceAgents"),
    ("Query", "audit"): _names("auditLog"),
    ("Query", "devInbox"): _names("devInbox devInboxMessage"),
    ("Query", "webhooks"): _names("webhookEndpoints webhookDeliveries webhookEventTypes"),
    ("Mutation", "webhooks"): _names(
        "webhookEndpointCreate webhookEndpointUpdate webhookEndpointPause webhookEndpointRotateSecret "
        "webhookEndpointDelete webhookDeliveryReplay"
    ),
    ("Mutation", "people"): _names("userUpdate teamSave"),
    ("Query", "exports"): _names("myExports"),
    ("Mutation", "exports"): _names("exportStart"),
    ("Query", "imports"): _names("importBatches importFile importTemplates"),
    ("Mutation", "imports"): _names("importPreview importStart importUndo importTemplateSave importTemplateDelete"),
    ("Query", "salesFigures"): _names("salesPerformance salesForecast salesFunnel"),
    ("Query", "salesRules"): _names("leadRules poolRules salesTargets"),
    ("Query", "marketingFigures"): _names(
        "marketingFigures marketingAttributionCompare marketingSpendRatio conversionTouches"
    ),
    ("Subscription", "live"): _names("ticketEvents notificationAdded"),
    ("Subscription", "notifications"): _names("notificationAdded"),
    ("Mutation", "anon"): _names("login logout"),
    ("Mutation", "staff"): _names("taskCreate taskUpdate taskComplete taskReopen notificationMarkRead activityLog"),
    ("Mutation", "customerWrite"): _names(
        "customerCreate customerUpdate customerArchive customerUnarchive contactCreate contactUpdate contactDelete "
        "customerTag customerUntag customerUpsert"
    ),
    ("Mutation", "orderSync"): _names("ordersUpsert"),
    ("Mutation", "ticketSync"): _names("ticketUpsert"),
    ("Mutation", "merge"): _names("customerMerge"),
    ("Mutation", "admin"): _names(
        "apiTokenCreate apiTokenRevoke userCreate permissionSet scopeSet routingRuleSave "
        "routingRuleDelete slaPolicySave businessCalendarSave autoCloseDaysSet"
    ),
    ("Mutation", "dataSubject"): _names("dataSubjectErase"),
    ("Mutation", "ticketWork"): _names(
        "ticketCreate ticketStart ticketWait ticketComment ticketResolve ticketEscalate ticketReopen "
        "portalAccountCreate"
    ),
    ("Mutation", "ticketAssign"): _names("ticketAssign"),
    ("Mutation", "agentProfile"): _names("agentProfileSet"),
    ("Mutation", "phoneLookup"): _names("customerPhoneLookup"),
    ("Mutation", "kbWrite"): _names("kbArticleSave"),
    ("Mutation", "ticketCreate"): _names("ticketCreate"),
    ("Mutation", "portal"): _names("ticketCreate ticketComment ticketRate ticketReopen"),
    ("Mutation", "survey"): _names("surveySubmit"),
    ("Mutation", "leadForm"): _names("leadSubmit"),
    ("Mutation", "leadCapture"): _names("leadCreate leadBulkCreate"),
    ("Mutation", "leadWork"): _names("leadCreate leadBulkCreate leadAssign leadStatusSet leadConvert"),
    ("Mutation", "pipelineWork"): _names(
        "opportunityCreate opportunityUpdate opportunityLinesSet opportunityMoveStage"
    ),
    ("Mutation", "poolClaim"): _names("poolClaim"),
    ("Mutation", "poolRelease"): _names("poolRelease"),
    ("Mutation", "poolAllocate"): _names("poolAllocate"),
    ("Mutation", "approve"): _names("approvalDecide"),
    ("Mutation", "targets"): _names("salesTargetSet"),
    ("Mutation", "salesRules"): _names("leadRuleSave leadRuleDelete pipelineStageSave poolRuleSave salesTargetSet"),
    ("Query", "journeys"): _names("journey journeys"),
    ("Mutation", "journeys"): _names(
        "journeySave journeyActivate journeyPause journeyArchive journeyRestore journeyDelete journeyDryRun"
    ),
    ("Query", "campaigns"): _names("campaign campaigns suppressions marketingSettings contactMarketingLedger"),
    ("Mutation", "campaignWork"): _names(
        "campaignSave campaignCostAdd campaignCostDelete campaignSchedule campaignSendNow campaignCancel "
        "contactConsentSet suppressionAdd suppressionRemove"
    ),
    ("Mutation", "campaignApprove"): _names("campaignApprove marketingSettingsSet"),
    ("Query", "segments"): _names("segment segments segmentPresets segmentPreview"),
    ("Mutation", "segmentWrite"): _names("segmentSave segmentDelete segmentFreeze"),
    **analytics_grants.ROOTS,
}

HEADER = [
    "# Rapport's shipped authorization policy (Casbin rules). Loaded into the casbin_rule table by a migration;",
    "# administrators change it with permissionSet / scopeSet. A Type.field that no rule names is unreadable",
    "# for every role but admin. Actions: masked < read < write; scope:<Type> is own, team, related or all.",
    "# Generated from rapport/core/authz/defaults.py by `make policy`: edit that, not this file.",
    "#",
    "# Role hierarchy (g: the first role inherits the second's field access).",
    "g, sales_manager, sales_rep",
    "g, sales_director, sales_manager",
    "g, service_supervisor, service_agent",
    "g, marketing_manager, marketing",
    "",
]

STAFF = ("sales_rep", "service_agent", "marketing", "analyst", "integrator")
STAFF_BASICS = ["Notification.all", "User.all", "Team.all", "Tag.all", "Permissions.all", "FieldPermission.all"]
STAFF_BASICS += ["ScopePermission.all", "RegionProvince.all", "RegionCity.all"]
CUSTOMER_WRITE = ["Customer.basic", "Customer.person", "Customer.finance", "Customer.sensitive", "Contact.basic"]
CUSTOMER_WRITE += ["Contact.sensitive", "Activity.all"]
SALES_FIGURES = ["SalesPerformanceRow.all", "StageWinRate.all", "SalesForecast.all", "FunnelStep.all"]
SALES_READ = ["PipelineStage.all", "Approval.all", "StageChangeEntry.all", "PoolMovementEntry.all", *SALES_FIGURES]
SALES_READ += ["Product.all"]
#: Deals' product lines and what tasks and activities say of deals: written where deals are.
DEAL_DETAILS = ["OpportunityLine.all", "Task.sales", "Activity.sales"]
CUSTOMER_FIGURES = [
    "Order.basic",
    "Order.amount",
    "OrderSummary.basic",
    "OrderSummary.amount",
    "Rfm.all",
    "ContributionRank.all",
    "CustomerDuplicate.all",
    "CustomerGroup.basic",
    "CustomerGroup.amount",
    "CustomerGroups.all",
    "ContributionEntry.basic",
    "ContributionEntry.amount",
]
IMPORT_GROUPS = [
    "ImportBatch.all", "ImportFile.all", "ImportSheet.all", "ImportColumn.all", "ImportTarget.all", "ImportProblem.all",
    "ImportRowPreview.all", "ImportCounts.all", "ImportValue.all", "ImportTemplate.all", "ImportColumnValues.all",
]  # fmt: skip
SERVICE_READ = [
    "TicketHistoryEntry.all",
    "TicketSla.all",
    "TicketEvent.all",
    "KbArticle.all",
    "ServiceStats.all",
    "KeyCount.all",
    "SatisfactionScore.all",
    "TrendPoint.all",
]


class _Rules:
    def __init__(self, fields: Mapping[str, Sequence[str]]) -> None:
        self.lines: list[str] = []
        self.groups = fields

    def fields(self, role: str, groups: list[str], action: str) -> None:
        for group in groups:
            type_name = group.split(".")[0]
            self.lines += [f"p, {role}, {type_name}.{name}, {action}" for name in self.groups[group]]

    def roots(self, role: str, root: str, *groups: str) -> None:
        action = "write" if root == "Mutation" else "read"
        for group in groups:
            self.lines += [f"p, {role}, {root}.{name}, {action}" for name in ROOTS[(root, group)]]

    def scope(self, role: str, type_name: str, scope: str) -> None:
        self.lines.append(f"p, {role}, scope:{type_name}, {scope}")


def _identity_and_admin(r: _Rules) -> None:
    r.roots("anonymous", "Query", "anon")
    r.roots("anonymous", "Mutation", "anon")
    # Signing in returns the signed-in user; anonymous callers can reach no other user or team.
    r.fields(
        "anonymous", ["User.all", "Team.all", "Permissions.all", "FieldPermission.all", "ScopePermission.all"], "read"
    )
    # Admins may do everything; admin-only fields are still classified so that they are governed.
    r.fields("admin", ["ApiToken.all", "RolePermissions.all", "GovernedType.all", "PermissionMatrix.all"], "write")
    r.roots("admin", "Query", "dataSubject")
    r.roots("admin", "Mutation", "dataSubject")
    r.fields("admin", ["RoutingRule.all", "SlaPolicy.all", "BusinessCalendar.all", "AgentProfile.all"], "write")
    r.roots("admin", "Query", "supportRules")
    # anonymous survey pages
    r.roots("anonymous", "Query", "survey")
    r.roots("anonymous", "Mutation", "survey")
    r.fields("anonymous", ["Survey.all"], "read")
    r.roots("admin", "Query", "admin", "audit")
    # the development SMTP sink's inbox (the fields refuse in production)
    r.roots("admin", "Query", "devInbox")
    r.fields("admin", ["DevInboxMessage.all"], "read")
    r.roots("admin", "Mutation", "admin", "people")
    r.fields("admin", ["AuditLogEntry.all"], "write")
    # outbound webhooks
    r.roots("admin", "Query", "webhooks")
    r.roots("admin", "Mutation", "webhooks")
    r.fields(
        "admin",
        [
            "WebhookEndpoint.all", "WebhookDelivery.all", "WebhookAttempt.all", "WebhookEventType.all",
        ],
        "read",
    )  # fmt: skip
    for role in STAFF:
        r.roots(role, "Query", "anon", "staff")
        r.roots(role, "Mutation", "anon", "staff")
        r.fields(
            role,
            [*STAFF_BASICS],
            "read",
        )
        r.fields(role, ["Task.all"], "write")
        # exports of the lists they read, as they read them
        r.roots(role, "Query", "exports")
        r.roots(role, "Mutation", "exports")
        r.fields(role, ["ExportFile.all"], "read")
    for role in STAFF:  # everyone on the staff gets their notifications live
        r.roots(role, "Subscription", "notifications")


def _customer_graph_and_service(r: _Rules) -> None:
    # sales: tickets of their customers, read only (they may open one for a customer)
    r.fields("sales_rep", ["Customer.tickets", "Ticket.all", "TicketComment.all", "TicketHistoryEntry.all"], "read")
    r.fields("sales_rep", ["TicketSla.all", "TicketEvent.all", "KbArticle.all"], "read")
    r.fields("sales_rep", ["Ticket.portalWrite", "Ticket.link"], "write")
    r.roots("sales_rep", "Query", "tickets")
    r.roots("sales_rep", "Mutation", "ticketCreate")
    r.roots("sales_rep", "Subscription", "live")
    r.scope("sales_rep", "Ticket", "related")
    # sales rep
    r.fields(
        "sales_rep",
        CUSTOMER_WRITE,
        "write",
    )
    r.fields("sales_rep", CUSTOMER_FIGURES, "read")
    r.roots("sales_rep", "Query", "customers", "analysis")
    r.roots("sales_rep", "Mutation", "customerWrite")
    r.scope("sales_rep", "Customer", "own")
    r.roots("sales_manager", "Mutation", "merge")
    # moving in: managers (and directors) import customer files, as integrations may
    for role in ("sales_manager", "integrator"):
        r.roots(role, "Query", "imports")
        r.roots(role, "Mutation", "imports")
        r.fields(role, IMPORT_GROUPS, "read")
    r.scope("sales_manager", "Customer", "team")
    r.scope("sales_director", "Customer", "all")
    # service agent
    r.fields("service_agent", ["Customer.basic", "Contact.basic", "Order.basic", "OrderSummary.basic"], "read")
    r.fields("service_agent", ["Activity.all"], "write")
    r.fields("service_agent", ["Contact.sensitive"], "masked")
    r.roots("service_agent", "Query", "customers")
    r.scope("service_agent", "Customer", "related")
    r.scope("service_supervisor", "Customer", "related")
    r.fields("service_agent", ["Customer.tickets", "Ticket.all", "TicketComment.all"], "write")
    r.fields("service_agent", SERVICE_READ, "read")
    r.roots("service_agent", "Query", "tickets", "serviceStats")
    r.roots("service_agent", "Subscription", "live")
    r.roots("service_agent", "Mutation", "ticketWork")
    # identify a caller by their whole phone number (rate-limited, audited): they become related for a while
    r.roots("service_agent", "Mutation", "phoneLookup")
    r.scope("service_agent", "Ticket", "team")
    r.roots("service_agent", "Query", "serviceTeam")
    r.fields("service_agent", ["ServiceAgent.all"], "read")
    # supervisors: assign, publish articles, set agents' availability, see the rules
    r.roots("service_supervisor", "Mutation", "ticketAssign", "kbWrite", "agentProfile")
    r.roots("service_supervisor", "Query", "supportRules")
    r.fields("service_supervisor", ["KbArticle.all"], "write")
    r.fields("service_supervisor", ["RoutingRule.all", "SlaPolicy.all", "BusinessCalendar.all"], "read")
    r.fields("service_supervisor", ["AgentProfile.all"], "write")
    # analyst: read-only aggregates and masked personal data
    r.fields(
        "analyst",
        ["Customer.basic", "Customer.person", "Customer.finance", "Contact.basic", *CUSTOMER_FIGURES, "Activity.all"],
        "read",
    )
    r.fields("analyst", ["Contact.sensitive", "Customer.sensitive"], "masked")
    r.roots("analyst", "Query", "customers", "analysis")
    r.scope("analyst", "Customer", "all")
    r.fields("analyst", ["Customer.tickets", "Ticket.all", "TicketComment.all"], "read")
    r.fields("analyst", [g for g in SERVICE_READ if g != "TicketEvent.all"], "read")
    r.roots("analyst", "Query", "tickets", "serviceStats")
    r.scope("analyst", "Ticket", "all")
    # marketing: segments and masked contacts
    marketing = ["Customer.basic", "Customer.person", "Customer.finance", "Contact.basic", *CUSTOMER_FIGURES]
    r.fields("marketing", [g for g in marketing if g != "CustomerDuplicate.all"] + ["Activity.all"], "read")
    r.fields("marketing", ["Contact.sensitive"], "masked")
    r.roots("marketing", "Query", "customers", "analysis")
    r.scope("marketing", "Customer", "all")
    # integrator: other systems read and write the graph
    r.fields(
        "integrator",
        CUSTOMER_WRITE,
        "write",
    )
    r.fields("integrator", CUSTOMER_FIGURES, "read")
    r.roots("integrator", "Query", "customers", "analysis")
    r.roots("integrator", "Mutation", "customerWrite", "orderSync")
    r.fields("integrator", ["Order.basic", "Order.amount", "OrderUpsertResult.all"], "write")  # from an ERP or a shop
    r.scope("integrator", "Customer", "all")
    r.fields("integrator", ["Customer.tickets", "Ticket.all", "TicketComment.all"], "write")
    r.fields("integrator", SERVICE_READ, "read")
    r.roots("integrator", "Query", "tickets", "serviceStats")
    r.roots("integrator", "Subscription", "live")
    r.roots("integrator", "Mutation", "ticketWork", "ticketSync")
    r.scope("integrator", "Ticket", "all")
    # portal customers: only their own things
    r.roots("customer", "Query", "anon", "tickets", "portal")
    r.roots("customer", "Mutation", "anon", "portal")  # rating (the CSAT gate) is the customer's alone
    r.fields(
        "customer", ["User.all", "Team.portal", "Permissions.all", "FieldPermission.all", "ScopePermission.all"], "read"
    )
    r.fields("customer", ["Ticket.portal", "TicketComment.all", "TicketEvent.all", "KbArticle.all"], "read")
    r.fields("customer", ["Notification.all"], "read")
    r.fields("customer", ["Ticket.portalWrite", "TicketComment.portalWrite"], "write")
    r.roots("customer", "Subscription", "live")
    r.scope("customer", "Ticket", "related")
    # what the customer was sent about tickets: the staff who read tickets also see why an email failed
    for role in ("sales_rep", "service_agent", "analyst", "integrator"):
        r.fields(role, ["CustomerMessage.all", "CustomerMessage.delivery"], "read")
    r.fields("customer", ["CustomerMessage.all"], "read")


def _sales(r: _Rules) -> None:
    # Web forms: anyone may submit a lead (rate-limited per address).
    for role in ("anonymous", *STAFF, "customer"):
        r.roots(role, "Mutation", "leadForm")
    # Reps work their own leads and deals and claim from the pool, which shows them only a few fields.
    r.fields("sales_rep", ["Lead.all", "Lead.sensitive", "Opportunity.all", *DEAL_DETAILS], "write")
    r.fields("sales_rep", ["Customer.sales", *SALES_READ, "PoolCustomer.all", "SalesTarget.all"], "read")
    r.roots("sales_rep", "Query", "leads", "pipeline", "products", "pool", "salesFigures", "salesForce")
    r.roots("sales_rep", "Mutation", "leadWork", "pipelineWork", "poolClaim", "poolRelease")
    r.scope("sales_rep", "Lead", "own")
    r.scope("sales_rep", "Opportunity", "own")
    # Managers: their team's leads and deals; they allocate pool customers and read the rules.
    r.roots("sales_manager", "Mutation", "poolAllocate")
    r.roots("sales_manager", "Query", "salesRules")
    r.fields("sales_manager", ["LeadRule.all", "PoolRule.all"], "read")
    r.scope("sales_manager", "Lead", "team")
    r.scope("sales_manager", "Opportunity", "team")
    # Directors: everything in sales; they decide approvals and set targets.
    r.roots("sales_director", "Mutation", "approve", "targets")
    r.fields("sales_director", ["Approval.decision", "SalesTarget.all"], "write")
    r.scope("sales_director", "Lead", "all")
    r.scope("sales_director", "Opportunity", "all")
    # Analysts read every deal and lead with contact details masked.
    r.fields(
        "analyst",
        ["Customer.sales", "Lead.all", "Opportunity.all", *DEAL_DETAILS, *SALES_READ, "SalesTarget.all"],
        "read",
    )
    r.fields("analyst", ["Lead.sensitive"], "masked")
    r.roots("analyst", "Query", "leads", "pipeline", "products", "salesFigures")
    r.scope("analyst", "Lead", "all")
    r.scope("analyst", "Opportunity", "all")
    # Marketing captures and imports leads and follows what becomes of them.
    r.fields("marketing", ["Lead.all", "Lead.sensitive"], "write")
    r.roots("marketing", "Query", "leads", "salesForce")
    r.roots("marketing", "Mutation", "leadCapture")
    r.scope("marketing", "Lead", "all")
    # Integrators sync leads and deals with other systems.
    r.fields("integrator", ["Customer.sales", "Lead.all", "Lead.sensitive", "Opportunity.all", *DEAL_DETAILS], "write")
    r.fields("integrator", SALES_READ, "read")
    r.roots("integrator", "Query", "leads", "pipeline", "products", "salesFigures", "salesForce")
    r.roots("integrator", "Mutation", "leadWork", "pipelineWork")
    r.scope("integrator", "Lead", "all")
    r.scope("integrator", "Opportunity", "all")
    # Admins edit the rules (implicitly allowed; classified here so the fields are governed).
    r.fields("admin", ["LeadRule.all", "PoolRule.all", "SalesTarget.all"], "write")
    r.roots("admin", "Query", "salesRules")
    r.roots("admin", "Mutation", "salesRules")


def render(fields: Mapping[str, Sequence[str]]) -> str:
    """The default policy as Casbin CSV, given every domain's field groups."""
    rules = _Rules(fields)
    _identity_and_admin(rules)
    _customer_graph_and_service(rules)
    _sales(rules)
    marketing_grants.grant(rules)
    analytics_grants.grant(rules)
    return "\n".join(HEADER + rules.lines) + "\n"
