"""The web app's pages as the benchmark replays them: what each page sends on open, as which role, and the
PostGraphile 4 query set that returns the same rows and fields (one reviewed file; issue 16, item 5).

What a page sends was read from its source (frontend/src/pages/<page>/ and the components it renders) and is
checked against the app itself by `python -m bench capture-pages`: headless Chromium opens the built SPA as the
page's role and records every GraphQL request (`bench/capture.py`). The shell's own operations (`Viewer`,
`BellUnreadCount`, `BellNotifications`) are sent once per session when the shell mounts, not when a page opens,
so no page counts them.

Rapport receives each operation as the app sends it: the trusted document's hash (`extensions.persistedQuery`),
the operation name and the variables, with the `@include` booleans the app computes from the role's permissions
(`frontend/src/modules/*/utils/*Access.ts`; for these roles and pages they are all true, except where stated).

PostGraphile 4.14 (with postgraphile-plugin-connection-filter, as bench/compare.py starts it) has no
authorization here, so each equivalent filters to the rows the role sees in Rapport (the row scope written out as
a filter), orders as Rapport's repository does, and aliases each field to Rapport's name. What PostGraphile cannot
express is said at the query, and `python -m bench check-pages` lists it as an intended difference:
- encrypted columns (phones, emails, address) come back as ciphertext: Rapport decrypts, masks and audits them;
- figures Rapport computes (SLA breach flags, a customer's pool days left, a task's `done`, an age band, the
  order summary's sums) are not columns; the nearest columns are selected where there are any;
- aggregates (`customerGroups`, `salesFunnel`, `salesPerformance`, `salesForecast`, `serviceStats`) have no
  PostGraphile equivalent (the issue exempts them from the PostGraphile ratio; they are measured against the SQL
  floor), so an operation made only of aggregates has none, and a page with aggregates compares its PostGraphile
  set only for what PostGraphile can answer (the results say so).

Shapes: check-pages looks through PostGraphile's `nodes` and through fields aliased with a leading `_` (a joined
row standing for its one object or value), so `tags: customerTagsByCustomerId { nodes { _tag: tagByTagId { id } } }`
compares with Rapport's `tags { id }`; `moved` says where a field sits elsewhere (a ticket's SLA times are the
ticket's own columns), `single` where Rapport's object is PostGraphile's list of at most one row.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.harness import ROOT

MANIFEST = ROOT / "frontend" / "src" / "generated" / "persisted-documents.json"

#: Ticket statuses Rapport calls open (`openOnly: true`).
OPEN_TICKET = ["new", "assigned", "in_progress", "waiting", "reopened"]


@dataclass
class Facts:
    """Ids and dates the pages' variables need, read from the benchmark database through Rapport's API."""

    customer: str  # the 360° fixture (global id)
    ticket: str  # the ticket the agent opens (global id)
    viewers: dict[str, str]  # email -> the user's global id
    stages: list[str]  # the pipeline's open stages in board order (global ids)
    manager_teams: list[str]  # the manager's team and the teams below it (raw ids)
    service_queues: list[str]  # service teams (raw ids)
    today: date = field(default_factory=lambda: datetime.now(UTC).date())


def raw(global_id: str) -> str:
    """The UUID inside a Rapport global id."""
    padded = global_id + "=" * (-len(global_id) % 4)
    return base64.urlsafe_b64decode(padded).decode().split(":", 1)[1]


# --- dates as the app computes them (dayjs in the browser's time zone: UTC on the benchmark machine) ---


def _month(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1)


def _quarter(day: date) -> tuple[date, date]:
    first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return first, (first + timedelta(days=95)).replace(day=1)


def month_range(f: Facts) -> dict[str, str]:
    """MyTargetSection / TeamPerformanceSection: this month."""
    first, after = _month(f.today)
    return {"from": first.isoformat(), "to": after.isoformat()}


def quarter_range(f: Facts) -> dict[str, str]:
    """FunnelSection: this quarter."""
    first, after = _quarter(f.today)
    return {"from": first.isoformat(), "to": after.isoformat()}


def csat_from(f: Facts) -> str:
    """ServiceOverviewSections: the start of the week (Sunday) 11 weeks back, as dayjs formats it."""
    sunday = f.today - timedelta(days=(f.today.weekday() + 1) % 7)
    return f"{(sunday - timedelta(weeks=11)).isoformat()}T00:00:00+00:00"


# --- declarations ---


@dataclass(frozen=True)
class Equivalent:
    """PostGraphile's query for one operation, its variables, and the fields it cannot give (Rapport's paths)."""

    query: str
    variables: Callable[[Facts], dict[str, Any]] = lambda f: {}
    missing: tuple[str, ...] = ()
    note: str = ""
    #: Rapport path prefix -> PostGraphile's, where a field sits elsewhere (the SLA's times on the ticket itself).
    moved: tuple[tuple[str, str], ...] = ()
    #: Objects Rapport answers that PostGraphile answers as a list of at most one row (a deal's pending approval).
    single: tuple[str, ...] = ()
    #: Lists whose rows are the same but in another order (PostGraphile cannot sort by a joined table's column).
    unordered: tuple[str, ...] = ()
    #: Why the rows may differ (check-pages then reports the difference without failing); empty: they may not.
    rows_differ: str = ""
    #: How check-pages compares the two responses: "tree" (paths and ids) or a special comparison's name.
    compare: str = "tree"


@dataclass(frozen=True)
class Op:
    """One request a page sends on open."""

    operation: str
    variables: Callable[[Facts], dict[str, Any]]
    postgraphile: Equivalent | None  # None: an aggregate PostGraphile cannot answer
    aggregate: bool = False


@dataclass(frozen=True)
class Page:
    name: str
    description: str
    email: str
    path: Callable[[Facts], str]
    ops: tuple[Op, ...]

    @property
    def comparable(self) -> bool:
        """PostGraphile answers every request of the page (no aggregate in it)."""
        return all(op.postgraphile is not None and not op.aggregate for op in self.ops)


# --- PostGraphile equivalents ---

PG_CUSTOMER_360 = Equivalent(
    """query Customer360($id: UUID!, $open: [String!]!) { customer: customerById(id: $id) {
  address: addressEnc archivedAt birthDate city createdAt creditRating education gender grade id industry kind
  lastActivityAt lastFollowUpAt maritalStatus name occupation poolStatus province riskLevel size source status version
  contacts: contactsByCustomerId(orderBy: [IS_PRIMARY_DESC, NAME_ASC, ID_ASC]) {
    nodes { emails: emailsEnc id isPrimary language name phones: phonesEnc title version } }
  contributionRank: customerScoreByCustomerId { overall: revenueRank withinRegion: regionRevenueRank }
  lifetimeValue: customerScoreByCustomerId { _value: lifetimeValue }
  rfm: customerScoreByCustomerId { score: rScore segment }
  opportunities: opportunitiesByCustomerId(orderBy: [CREATED_AT_DESC, ID_DESC]) {
    nodes { amount expectedClose id name stage: pipelineStageByStageId { id name } status } }
  orderSummary: salesOrdersByCustomerId { count: totalCount }
  orders: salesOrdersByCustomerId(first: 100, orderBy: [ORDERED_AT_DESC, ID_DESC]) {
    nodes { id orderedAt status totalAmount } totalCount }
  owner: appUserByOwnerId { id name }
  tags: customerTagsByCustomerId(orderBy: [CREATED_AT_ASC]) { nodes { _tag: tagByTagId { color id name } } }
  tasks: tasksByCustomerId(orderBy: [DUE_AT_ASC, ID_ASC], filter: {doneAt: {isNull: true}}) {
    nodes { assignee: appUserByAssigneeId { id name } opportunity: opportunityByOpportunityId { id name }
            doneAt dueAt id notes remindAt title version } }
  team: teamByTeamId { id name }
  tickets: ticketsByCustomerId(orderBy: [CREATED_AT_DESC, ID_DESC], filter: {status: {in: $open}}) {
    nodes { createdAt id number priority status subject } }
} }""",
    lambda f: {"id": raw(f.customer), "open": OPEN_TICKET},
    missing=(
        "customer.ageBand",
        "customer.poolDaysLeft",
        "customer.orderSummary.lastOrderAt",
        "customer.orderSummary.totalAmount",
        "customer.tasks.done",
    ),
    note="address, phones and emails are ciphertext; ageBand (from the birth date), poolDaysLeft (the pool "
    "rule's deadline), the order summary's last date and sum and a task's `done` are computed by Rapport; "
    "lifetime value and RFM come from the score row as objects; the tags are in the order they were added "
    "(PostGraphile cannot sort them by the tag's name)",
    unordered=("customer.tags",),
)

#: The timeline is a union of five kinds of entries, newest first; PostGraphile has no union: the nearest
#: equivalent reads the first page (20) of each kind, newest first, and check-pages merges them by time.
PG_TIMELINE = Equivalent(
    """query Customer360Timeline($id: UUID!, $first: Int!) { customer: customerById(id: $id) { id
  activities: activitiesByCustomerId(first: $first, orderBy: [OCCURRED_AT_DESC, ID_DESC]) { nodes {
    actor: appUserByActorId { id name } body contact: contactByContactId { id name } id activityKind: kind
    occurredAt outcome subject } }
  orders: salesOrdersByCustomerId(first: $first, orderBy: [ORDERED_AT_DESC, ID_DESC]) { nodes {
    currency id number orderedAt orderStatus: status totalAmount } }
  tickets: ticketsByCustomerId(first: $first, orderBy: [CREATED_AT_DESC, ID_DESC]) { nodes {
    createdAt id number ticketStatus: status subject } }
  stageChanges: stageChangesByCustomerId(first: $first, orderBy: [AT_DESC, ID_DESC]) { nodes {
    actor: appUserByActorId { id name } amount at fromStage: pipelineStageByFromStageId { id name }
    opportunity: opportunityByOpportunityId { id name } toStage: pipelineStageByToStageId { id name } } }
  poolMovements: poolMovementsByCustomerId(first: $first, orderBy: [AT_DESC, ID_DESC]) { nodes {
    actor: appUserByActorId { id name } at data movementKind: kind user: appUserByUserId { id name } } }
} }""",
    lambda f: {"id": raw(f.customer), "first": 20},
    note="no union in PostGraphile: five lists of 20, merged by time on the client (the check merges them); "
    "no cursor per entry",
    compare="timeline",
)

#: Rapport's duplicate finder parses trade names in Python; PostGraphile can only look for the same name.
PG_DUPLICATES = Equivalent(
    """query Customer360Duplicates($id: UUID!, $name: String!) { customerDuplicates: allCustomers(first: 10,
  filter: {name: {equalTo: $name}, id: {notEqualTo: $id}, mergedIntoId: {isNull: true}}, orderBy: [CREATED_AT_ASC]) {
  nodes { createdAt id name owner: appUserByOwnerId { id name } } } }""",
    lambda f: {"id": raw(f.customer), "name": "基准客户 360"},
    missing=("customerDuplicates.reasons", "customerDuplicates.score", "customerDuplicates.tradeName"),
    moved=(("customerDuplicates.customer", "customerDuplicates"),),
    note="same name only (Rapport matches trade names, phones and emails and scores the match)",
)

PG_CUSTOMERS_LIST = Equivalent(
    """query CustomersList($teams: [UUID!]!) { customers: allCustomers(first: 20, orderBy: [CREATED_AT_DESC, ID_DESC],
  filter: {teamId: {in: $teams}, mergedIntoId: {isNull: true}, archivedAt: {isNull: true}}) {
  nodes { city createdAt grade id industry kind lastActivityAt name poolStatus province status
    contacts: contactsByCustomerId(orderBy: [IS_PRIMARY_DESC, NAME_ASC, ID_ASC]) {
      nodes { id isPrimary name phones: phonesEnc } }
    lifetimeValue: customerScoreByCustomerId { _value: lifetimeValue }
    owner: appUserByOwnerId { id name }
    rfm: customerScoreByCustomerId { segment }
    tags: customerTagsByCustomerId(orderBy: [CREATED_AT_ASC]) { nodes { _tag: tagByTagId { color id name } } } }
  pageInfo { endCursor hasNextPage } totalCount } }""",
    lambda f: {"teams": f.manager_teams},
    note="phones are ciphertext; lifetime value and RFM come from the score row as objects; a customer's tags "
    "are in the order they were added (PostGraphile cannot sort them by the tag's name)",
    unordered=("customers.tags",),
)

#: The filter bar's choices: the sales force and the tags. Its province and industry groups are aggregates.
PG_FILTER_OPTIONS = Equivalent(
    """query CustomerFilterOptions($teams: [UUID!]!) {
  salesForce: allAppUsers(orderBy: [NAME_ASC, ID_ASC], filter: {teamId: {in: $teams}, active: {equalTo: true}}) {
    nodes { id name } }
  tags: allTags(orderBy: [NAME_ASC, ID_ASC]) { nodes { color id name } } }""",
    lambda f: {"teams": f.manager_teams},
    missing=("provinces", "industries"),
    note="the province and industry groups (customers per value) are aggregates: left out",
)

PG_STAGES = Equivalent(
    """query SalesPipelineStages { pipelineStages: allPipelineStages(orderBy: [POSITION_ASC]) { nodes {
  approvalThreshold id isLost isWon key name position probability requiresApproval } } }""",
)

PG_SALES_FORCE = Equivalent(
    """query SalesForce($teams: [UUID!]!) { salesForce: allAppUsers(orderBy: [NAME_ASC, ID_ASC],
  filter: {teamId: {in: $teams}, active: {equalTo: true}}) { nodes { email id name team: teamByTeamId { id name } } } }""",
    lambda f: {"teams": f.manager_teams},
)


def pg_pipeline_column(scope: str) -> Callable[[int], Equivalent]:
    """One pipeline column (`PipelineOpportunities`: 30 open deals of a stage) in a role's scope."""
    owner = "ownerId: {equalTo: $owner}" if scope == "own" else "teamId: {in: $teams}"
    query = f"""query PipelineOpportunities($stage: UUID!, {"$owner: UUID!" if scope == "own" else "$teams: [UUID!]!"}) {{
  opportunities: allOpportunities(first: 30, orderBy: [CREATED_AT_DESC, ID_DESC],
    filter: {{stageId: {{equalTo: $stage}}, status: {{equalTo: "open"}}, {owner}}}) {{
  nodes {{ amount customer: customerByCustomerId {{ id name }} expectedClose id name owner: appUserByOwnerId {{ id name }}
    pendingApproval: approvalsByOpportunityId(filter: {{status: {{equalTo: "pending"}}}}, first: 1) {{
      nodes {{ id status toStage: pipelineStageByToStageId {{ id key name }} }} }}
    stage: pipelineStageByStageId {{ id key }} status version
    winProbability: opportunityWinScoreByOpportunityId {{ probability }} }}
  pageInfo {{ endCursor hasNextPage }} totalCount }} }}"""

    def column(index: int) -> Equivalent:
        def variables(f: Facts) -> dict[str, Any]:
            found: dict[str, Any] = {"stage": raw(f.stages[index])}
            if scope == "own":
                found["owner"] = raw(f.viewers["rep@demo.example"])
            else:
                found["teams"] = f.manager_teams
            return found

        return Equivalent(
            query,
            variables,
            note="the pending approval is a list of at most one",
            single=("opportunities.pendingApproval",),
        )

    return column


def pipeline_variables(index: int) -> Callable[[Facts], dict[str, Any]]:
    return lambda f: {
        "after": None,
        "filter": {"ownerIds": None, "search": None, "stageIds": [f.stages[index]], "statuses": ["OPEN"]},
        "first": 30,
        "withApproval": True,
        "withCustomer": True,
        "withOwner": True,
        "withWin": True,
    }


_TICKET_LIST_FIELDS = """assignee: appUserByAssigneeId { id name } category channel createdAt
    customer: customerByCustomerId { id name } escalationLevel firstRespondedAt id number priority
    queue: teamByQueueId { id name }
    firstResponseDueAt firstResponseWarnAt resolutionDueAt resolutionWarnAt status subject updatedAt version"""

_SLA_MISSING = ("sla.firstResponseBreached", "sla.paused", "sla.resolutionBreached")
_SLA_NOTE = (
    "the SLA's due and warn times are columns of the ticket (selected beside it); breached and paused are computed "
    "from the clock and the business calendar"
)


def _sla_moved(prefix: str) -> tuple[tuple[str, str], ...]:
    return ((f"{prefix}.sla", prefix),)


def pg_service_tickets(which: str) -> Equivalent:
    """A service console tab: 20 open tickets of the agent's queues (mine, unassigned or all), newest first."""
    extra = {"mine": ", assigneeId: {equalTo: $me}", "unassigned": ", assigneeId: {isNull: true}", "all": ""}[which]
    query = f"""query ServiceTickets($queues: [UUID!]!, $open: [String!]!{", $me: UUID!" if which == "mine" else ""}) {{
  tickets: allTickets(first: 20, orderBy: [CREATED_AT_DESC, ID_DESC],
    filter: {{queueId: {{in: $queues}}, status: {{in: $open}}{extra}}}) {{
  nodes {{ {_TICKET_LIST_FIELDS} }}
  pageInfo {{ endCursor hasNextPage }} totalCount }} }}"""

    def variables(f: Facts) -> dict[str, Any]:
        found: dict[str, Any] = {"queues": f.service_queues, "open": OPEN_TICKET}
        if which == "mine":
            found["me"] = raw(f.viewers["agent@demo.example"])
        return found

    return Equivalent(
        query,
        variables,
        missing=tuple(f"tickets.{m}" for m in _SLA_MISSING),
        note=_SLA_NOTE,
        moved=_sla_moved("tickets"),
    )


def service_tickets_variables(which: str) -> Callable[[Facts], dict[str, Any]]:
    def variables(f: Facts) -> dict[str, Any]:
        filter_: dict[str, Any] = {
            "categories": None,
            "channels": None,
            "createdFrom": None,
            "createdTo": None,
            "escalatedOnly": False,
            "openOnly": True,
            "priorities": None,
            "queueIds": None,
            "statuses": None,
        }
        if which == "mine":
            filter_["assigneeIds"] = [f.viewers["agent@demo.example"]]
        elif which == "unassigned":
            filter_["unassigned"] = True
        else:
            filter_["assigneeIds"] = None
        return {
            "filter": filter_,
            "first": 20,
            "withCustomer": True,
            "withEscalation": True,
            "withQueue": True,
            "withSla": True,
        }

    return variables


PG_QUEUE_OPTIONS = Equivalent(
    "query ServiceQueueOptions { teams: allTeams(orderBy: [PATH_ASC]) { nodes { id kind name } } }",
)

PG_SERVICE_TICKET = Equivalent(
    f"""query ServiceTicket($id: UUID!) {{ ticket: ticketById(id: $id) {{
  closedAt description ratedAt rating ratingComment reopenCount resolvedAt
  comments: ticketCommentsByTicketId(orderBy: [CREATED_AT_ASC, ID_ASC], filter: {{public: {{equalTo: true}}}}) {{
    nodes {{ author: appUserByAuthorId {{ id name }} body createdAt fromCustomer id public }} }}
  internalNotes: ticketCommentsByTicketId(orderBy: [CREATED_AT_ASC, ID_ASC], filter: {{public: {{equalTo: false}}}}) {{
    nodes {{ author: appUserByAuthorId {{ id name }} body createdAt fromCustomer id public }} }}
  contact: contactByContactId {{ id name phones: phonesEnc }}
  history: ticketEventsByTicketId(orderBy: [SEQ_ASC]) {{ nodes {{ actor: appUserByActorId {{ id name }} at cursor: seq data kind }} }}
  {_TICKET_LIST_FIELDS} }} }}""",
    lambda f: {"id": raw(f.ticket)},
    missing=(
        "ticket.suggestedArticles",
        *(f"ticket.{m}" for m in _SLA_MISSING),
    ),
    moved=_sla_moved("ticket"),
    note="suggested articles are ranked by Rapport's search (no equivalent); phones are ciphertext; " + _SLA_NOTE,
)

PG_CUSTOMER_MESSAGES = Equivalent(
    """query TicketCustomerMessages($id: UUID!, $subject: UUID!) { ticket: ticketById(id: $id) { id }
  messages: allOutboundEmails(orderBy: [CREATED_AT_DESC, ID_DESC],
  filter: {subjectType: {equalTo: "ticket"}, subjectId: {equalTo: $subject}, recipientType: {equalTo: "customer"}}) {
  nodes { createdAt error: lastError kind language: locale sentAt status subject: subjectType } } }""",
    lambda f: {"id": raw(f.ticket), "subject": raw(f.ticket)},
    note="the messages are the outbound e-mails about the ticket; their subject is rendered by Rapport from the "
    "encrypted content (PostGraphile returns the subject's type)",
    compare="messages",
)

PG_MY_TASKS = Equivalent(
    """query HomeMyTasks($me: UUID!, $withOpportunity: Boolean!) { myTasks: allTasks(first: 6,
  orderBy: [DUE_AT_ASC, ID_ASC], filter: {assigneeId: {equalTo: $me}, doneAt: {isNull: true}}) {
  nodes { customer: customerByCustomerId { id name }
    opportunity: opportunityByOpportunityId @include(if: $withOpportunity) { id name }
    doneAt dueAt id notes remindAt title version } totalCount } }""",
    missing=("myTasks.done",),
    note="a task's `done` is computed (doneAt is set)",
)


def pg_my_tasks(email: str) -> Equivalent:
    return Equivalent(
        PG_MY_TASKS.query,
        lambda f: {"me": raw(f.viewers[email]), "withOpportunity": email in WITH_TASK_OPPORTUNITY},
        PG_MY_TASKS.missing,
        PG_MY_TASKS.note,
    )


def pg_my_opportunities(email: str) -> Equivalent:
    return Equivalent(
        """query HomeMyOpportunities($me: UUID!) { opportunities: allOpportunities(first: 6,
  orderBy: [CREATED_AT_DESC, ID_DESC], filter: {ownerId: {equalTo: $me}, status: {equalTo: "open"}}) {
  nodes { amount customer: customerByCustomerId { id name } expectedClose id name
    stage: pipelineStageByStageId { id key name } } totalCount } }""",
        lambda f: {"me": raw(f.viewers[email])},
    )


def pg_new_leads(email: str) -> Equivalent:
    return Equivalent(
        """query HomeNewLeads($me: UUID!) { leads: allLeads(first: 6, orderBy: [CREATED_AT_DESC, ID_DESC],
  filter: {ownerId: {equalTo: $me}, status: {equalTo: "new"}}) {
  nodes { company createdAt id name score source } totalCount } }""",
        lambda f: {"me": raw(f.viewers[email])},
    )


def pg_pool_watchlist(email: str) -> Equivalent:
    """The customers about to return to the public pool: Rapport computes each one's deadline (the pool rule of its
    grade, the last counted contact, an open deal past the exempting stage); PostGraphile cannot, so the nearest
    equivalent lists the private customers the role sees by their last follow-up, oldest first."""
    scope = {
        "rep@demo.example": "ownerId: {equalTo: $me}",
        "manager@demo.example": "teamId: {in: $teams}",
    }.get(email, "ownerId: {isNull: false}")
    declared = {"rep@demo.example": "$me: UUID!", "manager@demo.example": "$teams: [UUID!]!"}.get(email, "")
    return Equivalent(
        f"""query HomePoolWatchlist{f"({declared})" if declared else ""} {{ poolWatchlist: allCustomers(first: 8,
  orderBy: [LAST_FOLLOW_UP_AT_ASC, ID_ASC], filter: {{{scope}, poolStatus: {{equalTo: "private"}},
  mergedIntoId: {{isNull: true}}, archivedAt: {{isNull: true}}}}) {{
  nodes {{ grade id lastFollowUpAt name }} }} }}""",
        lambda f: (
            {"me": raw(f.viewers[email])}
            if email == "rep@demo.example"
            else {"teams": f.manager_teams}
            if email == "manager@demo.example"
            else {}
        ),
        missing=("poolWatchlist.poolDaysLeft",),
        note="the days left come from the pool rule (Rapport's deadline); PostGraphile orders by the last follow-up",
        rows_differ="PostGraphile cannot compute the pool deadline: other customers of the same scope",
    )


def pg_my_tickets(email: str) -> Equivalent:
    return Equivalent(
        """query HomeMyTickets($me: UUID!, $open: [String!]!) { tickets: allTickets(first: 10,
  orderBy: [CREATED_AT_DESC, ID_DESC], filter: {assigneeId: {equalTo: $me}, status: {in: $open}}) {
  nodes { customer: customerByCustomerId { id name } firstRespondedAt id number priority
    firstResponseDueAt firstResponseWarnAt resolutionDueAt resolutionWarnAt status subject } totalCount } }""",
        lambda f: {"me": raw(f.viewers[email]), "open": OPEN_TICKET},
        missing=tuple(f"tickets.{m}" for m in _SLA_MISSING),
        note=_SLA_NOTE,
        moved=_sla_moved("tickets"),
    )


PG_ESCALATIONS = Equivalent(
    """query HomeEscalations($open: [String!]!) { tickets: allTickets(first: 6, orderBy: [CREATED_AT_DESC, ID_DESC],
  filter: {escalationLevel: {greaterThan: 0}, status: {in: $open}}) {
  nodes { assignee: appUserByAssigneeId { id name } escalationLevel firstRespondedAt id number priority
    firstResponseDueAt firstResponseWarnAt resolutionDueAt resolutionWarnAt status subject } totalCount } }""",
    lambda f: {"open": OPEN_TICKET},
    missing=tuple(f"tickets.{m}" for m in _SLA_MISSING),
    note=_SLA_NOTE,
    moved=_sla_moved("tickets"),
)

PG_APPROVALS = Equivalent(
    """query HomeApprovals { approvals: allApprovals(first: 5, orderBy: [CREATED_AT_ASC, ID_ASC],
  filter: {status: {equalTo: "pending"}}) {
  nodes { amount createdAt id opportunity: opportunityByOpportunityId { customer: customerByCustomerId { id name } id name }
    requestedBy: appUserByRequestedById { id name } toStage: pipelineStageByToStageId { id key name } }
  totalCount } }""",
)


def home(email: str) -> tuple[Op, ...]:
    """A role's home page: the sections `homeSections(permissions)` shows that role, in the app's order."""
    viewer: Callable[[Facts], str] = lambda f: f.viewers[email]  # noqa: E731
    sections: dict[str, Op] = {
        "HomeTeamPerformance": Op("HomeTeamPerformance", month_range, None, aggregate=True),
        "HomeMyTarget": Op("HomeMyTarget", month_range, None, aggregate=True),
        "HomeFunnel": Op("HomeFunnel", quarter_range, None, aggregate=True),
        "HomeApprovals": Op("HomeApprovals", lambda f: {"first": 5}, PG_APPROVALS),
        "HomeServiceOverview": Op(
            "HomeServiceOverview", lambda f: {"createdFrom": csat_from(f), "withTeams": True}, None, aggregate=True
        ),
        "HomeEscalations": Op("HomeEscalations", lambda f: {"first": 6}, PG_ESCALATIONS),
        "HomeCustomerSegments": Op("HomeCustomerSegments", lambda f: {}, None, aggregate=True),
        "HomeMyTickets": Op("HomeMyTickets", lambda f: {"assigneeId": viewer(f), "first": 10}, pg_my_tickets(email)),
        "HomeMyTasks": Op(
            "HomeMyTasks",
            # The task's deal is shown to roles that may read it (customerAccess: Task.opportunity).
            lambda f: {"first": 6, "withOpportunity": email in WITH_TASK_OPPORTUNITY},
            pg_my_tasks(email),
        ),
        "HomeMyOpportunities": Op(
            "HomeMyOpportunities", lambda f: {"first": 6, "ownerId": viewer(f)}, pg_my_opportunities(email)
        ),
        "HomePoolWatchlist": Op("HomePoolWatchlist", lambda f: {"first": 8, "withinDays": 7}, pg_pool_watchlist(email)),
        "HomeNewLeads": Op("HomeNewLeads", lambda f: {"first": 6, "ownerId": viewer(f)}, pg_new_leads(email)),
    }
    return tuple(sections[name] for name in HOME_SECTIONS[email])


#: What `homeSections(permissions)` (frontend/src/modules/home/utils/homeSections.ts) shows each demo role, in
#: order (checked against the app by capture-pages).
HOME_SECTIONS: dict[str, tuple[str, ...]] = {
    "rep@demo.example": ("HomeMyTarget", "HomeMyTasks", "HomeMyOpportunities", "HomePoolWatchlist", "HomeNewLeads"),
    "manager@demo.example": (
        "HomeTeamPerformance",
        "HomeFunnel",
        "HomeMyTasks",
        "HomeMyOpportunities",
        "HomePoolWatchlist",
        "HomeNewLeads",
    ),
    "agent@demo.example": ("HomeMyTickets", "HomeMyTasks"),
    "supervisor@demo.example": ("HomeServiceOverview", "HomeEscalations", "HomeMyTickets", "HomeMyTasks"),
    "marketing@demo.example": ("HomeCustomerSegments", "HomeMyTasks"),
    "analyst@demo.example": ("HomeTeamPerformance", "HomeFunnel", "HomeCustomerSegments", "HomeMyTasks"),
    "admin@demo.example": (
        "HomeTeamPerformance",
        "HomeFunnel",
        "HomeApprovals",
        "HomeServiceOverview",
        "HomeEscalations",
        "HomeCustomerSegments",
        "HomeMyTickets",
        "HomeMyTasks",
        "HomeMyOpportunities",
        "HomePoolWatchlist",
        "HomeNewLeads",
    ),
}
WITH_TASK_OPPORTUNITY = {"rep@demo.example", "manager@demo.example", "analyst@demo.example", "admin@demo.example"}


def _all_true(names: list[str]) -> dict[str, bool]:
    return dict.fromkeys(names, True)


CUSTOMER_360_FLAGS = [
    "withAddress", "withAgeBand", "withArchivedAt", "withBirthDate", "withCity", "withContactLanguage",
    "withContactTimeZone", "withContacts", "withContributionRank", "withCreatedAt", "withCreditRating",
    "withEducation", "withEmails", "withGender", "withGrade", "withIndustry", "withKind", "withLastActivityAt",
    "withLastFollowUpAt", "withLifetimeValue", "withMaritalStatus", "withOccupation", "withOpportunities",
    "withOrderAmounts", "withOrderSummary", "withOrderSummaryAmounts", "withOrders", "withOwner", "withPhones",
    "withPoolDaysLeft", "withPoolStatus", "withProvince", "withRfm", "withRiskLevel", "withSize", "withSource",
    "withStatus", "withTags", "withTaskOpportunity", "withTasks", "withTeam", "withTickets",
]  # fmt: skip
TIMELINE_FLAGS = [
    "withActivities", "withActivityActor", "withActivityContact", "withOrderAmounts", "withOrders",
    "withPoolMovements", "withStageChanges", "withTickets",
]  # fmt: skip
LIST_FLAGS = [
    "withCity", "withContacts", "withCreatedAt", "withGrade", "withIndustry", "withKind", "withLastActivityAt",
    "withLifetimeValue", "withOwner", "withPhones", "withPoolStatus", "withProvince", "withRfm", "withStatus",
    "withTags",
]  # fmt: skip
TICKET_FLAGS = [
    "withContact", "withContactPhones", "withCustomer", "withEscalation", "withHistory", "withNotes", "withQueue",
    "withSla",
]  # fmt: skip


def _dashboard_sales(f: Facts) -> dict[str, Any]:
    """SalesDashboard for the default period (this month)."""
    first, after = _month(f.today)
    quarter, _ = _quarter(f.today)
    return {
        "from": first.isoformat(),
        "monthStart": first.isoformat(),
        "quarterStart": quarter.isoformat(),
        "to": after.isoformat(),
        **_all_true(["withForecast", "withFunnel", "withRevenueByMonth", "withRevenueByRegion", "withRevenueByRep"]),
    }


def _dashboard_customers(f: Facts) -> dict[str, Any]:
    first, after = _month(f.today)
    return {
        "revenueFrom": f"{first.isoformat()}T00:00:00+00:00",
        "revenueTo": f"{after.isoformat()}T00:00:00+00:00",
        **_all_true(["withGrade", "withIndustry", "withRegion", "withRevenue", "withRfm"]),
    }


_column = pg_pipeline_column("team")

PAGES: tuple[Page, ...] = (
    Page(
        "page_customer_360",
        "the 360° page of one customer as a sales rep: Customer360, its timeline and its duplicates",
        "rep@demo.example",
        lambda f: f"/customers/{f.customer}",
        (
            Op("Customer360", lambda f: {"id": f.customer, **_all_true(CUSTOMER_360_FLAGS)}, PG_CUSTOMER_360),
            Op(
                "Customer360Timeline",
                lambda f: {"after": None, "first": 20, "id": f.customer, **_all_true(TIMELINE_FLAGS)},
                PG_TIMELINE,
            ),
            Op(
                "Customer360Duplicates",
                lambda f: {"id": f.customer, "withCreatedAt": True, "withOwner": True},
                PG_DUPLICATES,
            ),
        ),
    ),
    Page(
        "page_customer_list",
        "the customer list as a sales manager: the first 20 rows (every column) and the filter bar's choices",
        "manager@demo.example",
        lambda f: "/customers",
        (
            Op(
                "CustomersList",
                lambda f: {
                    "after": None,
                    "filter": None,
                    "first": 20,
                    "orderBy": None,
                    "search": None,
                    **_all_true(LIST_FLAGS),
                },
                PG_CUSTOMERS_LIST,
            ),
            Op(
                "CustomerFilterOptions",
                lambda f: _all_true(["withIndustries", "withOwners", "withProvinces", "withTags"]),
                PG_FILTER_OPTIONS,
                aggregate=True,
            ),
        ),
    ),
    Page(
        "page_pipeline",
        "the pipeline board as a sales manager: the sales force, the stages and a column of 30 deals per open stage",
        "manager@demo.example",
        lambda f: "/pipeline",
        (
            Op("SalesForce", lambda f: {}, PG_SALES_FORCE),
            Op("SalesPipelineStages", lambda f: {}, PG_STAGES),
            *(Op("PipelineOpportunities", pipeline_variables(i), _column(i)) for i in range(4)),
        ),
    ),
    Page(
        "page_service_console",
        "the service console as an agent: three tabs' counts and lists (mine, unassigned, all open) and the queues",
        "agent@demo.example",
        lambda f: "/service",
        (
            Op("ServiceTickets", service_tickets_variables("mine"), pg_service_tickets("mine")),
            Op("ServiceTickets", service_tickets_variables("unassigned"), pg_service_tickets("unassigned")),
            Op("ServiceTickets", service_tickets_variables("all"), pg_service_tickets("all")),
            Op("ServiceQueueOptions", lambda f: {}, PG_QUEUE_OPTIONS),
        ),
    ),
    Page(
        "page_ticket",
        "a ticket's page as an agent: the ticket (comments, notes, history, suggested articles) and its messages",
        "agent@demo.example",
        lambda f: f"/service/tickets/{f.ticket}",
        (
            Op("ServiceTicket", lambda f: {"id": f.ticket, **_all_true(TICKET_FLAGS)}, PG_SERVICE_TICKET),
            Op("TicketCustomerMessages", lambda f: {"id": f.ticket, "withError": True}, PG_CUSTOMER_MESSAGES),
        ),
    ),
    Page(
        "page_dashboards",
        "the dashboards page as a sales manager, this month: the sales and the customer dashboards",
        "manager@demo.example",
        lambda f: "/dashboards",
        (
            Op("DashboardSales", _dashboard_sales, None, aggregate=True),
            Op("DashboardCustomers", _dashboard_customers, None, aggregate=True),
        ),
    ),
    *(
        Page(
            f"page_home_{email.split('@')[0]}",
            f"the home page of {email.split('@')[0]}: {', '.join(HOME_SECTIONS[email])}",
            email,
            lambda f: "/",
            home(email),
        )
        for email in HOME_SECTIONS
    ),
)


# --- requests ---


def manifest() -> dict[str, tuple[str, str]]:
    """Operation name -> (hash, document) of the app's trusted-documents manifest."""
    import re

    found = {}
    for key, text in json.loads(Path(MANIFEST).read_text()).items():
        match = re.search(r"\b(?:query|mutation|subscription)\s+(\w+)", text)
        if match:
            found[match.group(1)] = (key.removeprefix("sha256:"), text)
    return found


def rapport_body(op: Op, facts: Facts, documents: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """The request as the app sends it: the trusted document's hash, the operation name and the variables."""
    digest, _ = documents[op.operation]
    return {
        "extensions": {"persistedQuery": {"sha256Hash": digest, "version": 1}},
        "operationName": op.operation,
        "variables": op.variables(facts),
    }


def postgraphile_body(op: Op, facts: Facts) -> dict[str, Any] | None:
    if op.postgraphile is None:
        return None
    return {"query": op.postgraphile.query, "variables": op.postgraphile.variables(facts)}


#: Operations whose floor is Rapport's own statement taken from PostgreSQL's log (bench/floor_capture.py): the
#: aggregates, and the pool watchlist (its deadline per pool rule is defined once, in the repository).
CAPTURED = {
    "HomeMyTarget",
    "HomeTeamPerformance",
    "HomeFunnel",
    "HomeServiceOverview",
    "HomeCustomerSegments",
    "DashboardSales",
    "DashboardCustomers",
    "HomePoolWatchlist",
}


def floor_request(page: Page, index: int, facts: Facts) -> tuple[str, dict[str, Any]]:
    """The floor's path and body for a page's request (bench/floor_pages.py; captured statements by key)."""
    op = page.ops[index]
    v = op.variables(facts)
    if op.operation in CAPTURED:
        return f"/captured/{page.name}:{index}", {}
    teams = {"teams": facts.manager_teams}
    me = raw(facts.viewers[page.email])
    if op.operation == "ServiceTickets":
        tab = "mine" if v["filter"].get("assigneeIds") else "unassigned" if v["filter"].get("unassigned") else "all"
        return "/page/service_tickets", {"queues": facts.service_queues, "tab": tab, "me": me}
    found: dict[str, tuple[str, dict[str, Any]]] = {
        "Customer360": ("customer_360", {"id": raw(facts.customer)}),
        "Customer360Timeline": ("timeline", {"id": raw(facts.customer), "first": 20}),
        "Customer360Duplicates": ("duplicates", {"id": raw(facts.customer)}),
        "CustomersList": ("customers_list", teams),
        "CustomerFilterOptions": ("filter_options", teams),
        "SalesForce": ("sales_force", teams),
        "SalesPipelineStages": ("stages", {}),
        "ServiceQueueOptions": ("queue_options", {}),
        "ServiceTicket": ("service_ticket", {"id": raw(facts.ticket)}),
        "TicketCustomerMessages": ("customer_messages", {"id": raw(facts.ticket)}),
        "HomeMyTasks": ("my_tasks", {"me": me, "withOpportunity": v.get("withOpportunity", False)}),
        "HomeMyOpportunities": ("my_opportunities", {"me": me}),
        "HomeNewLeads": ("new_leads", {"me": me}),
        "HomeMyTickets": ("my_tickets", {"me": me}),
        "HomeEscalations": ("escalations", {}),
        "HomeApprovals": ("approvals", {}),
    }
    if op.operation == "PipelineOpportunities":
        return "/page/pipeline_column", {"stage": raw(v["filter"]["stageIds"][0]), **teams}
    name, body = found[op.operation]
    return f"/page/{name}", body


__all__ = [
    "CAPTURED",
    "PAGES",
    "Facts",
    "Op",
    "Page",
    "floor_request",
    "manifest",
    "postgraphile_body",
    "rapport_body",
    "raw",
]
