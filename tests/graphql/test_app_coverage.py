"""The compiler's coverage of what the web app sends: every read operation of the trusted-documents manifest, for
every shape of its `@include`/`@skip` booleans, compiles - or is on PENDING, which may only shrink - and each
operation that compiles answers exactly as the resolvers do, for every role, on seeded data.

`rapport compiler-coverage` prints the same report with the reason per operation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from graphql import parse
from sqlalchemy import text

from rapport.app import TRUSTED_DOCUMENTS, create_app
from rapport.assembly import build_schema, install
from rapport.config import Settings
from rapport.core.db import Database
from rapport.graphql.compiler import cached_sql, literal_text
from rapport.graphql.compiler.flatten import directive_variables
from rapport.graphql.coverage import NOT_SQL, PENDING, OperationCoverage, app_coverage
from rapport.graphql.node import to_global_id
from rapport.graphql.trusted import TrustedDocuments
from rapport.identity.service import create_user
from tests.analytics.run_world import record_churn_runs, record_training_requests
from tests.conftest import GraphQLClient
from tests.customers.duplicate_pairs import plant_duplicates
from tests.graphql.responses import end_cursor
from tests.graphql.test_compiled_reads import ROLES as STAFF_ROLES
from tests.integrations.world import webhook_world
from tests.marketing.reads_world import marketing_reads

MANIFEST = TrustedDocuments.load(TRUSTED_DOCUMENTS)


def test_the_allowed_operations_are_operations_of_the_web_app_and_not_pending(
    coverage: dict[str, OperationCoverage],
) -> None:
    assert set(NOT_SQL) <= set(coverage), (
        f"NOT_SQL names what the web app does not send: {set(NOT_SQL) - set(coverage)}"
    )
    assert not set(NOT_SQL) & PENDING


#: Every staff role, and the portal's customer.
ROLES = (*STAFF_ROLES, "customer@demo.example")


@pytest.fixture(scope="module")
def coverage() -> dict[str, OperationCoverage]:
    install()
    return {item.name: item for item in app_coverage(build_schema(Settings()), MANIFEST)}


def _report(items: list[OperationCoverage]) -> str:
    return "\n".join(f"  {i.name}: {i.compiled}/{i.shapes} shapes; {'; '.join(i.reasons)}" for i in items)


def test_every_read_operation_of_the_web_app_compiles_unless_pending(coverage: dict[str, OperationCoverage]) -> None:
    failing = [item for name, item in coverage.items() if name not in PENDING | set(NOT_SQL) and not item.complete]
    assert not failing, "read operations of the web app that do not compile:\n" + _report(failing)


def test_pending_names_only_operations_that_do_not_compile_yet(coverage: dict[str, OperationCoverage]) -> None:
    unknown = PENDING - set(coverage)
    assert not unknown, f"PENDING names operations the web app does not send: {sorted(unknown)}"
    done = sorted(name for name in PENDING if coverage[name].complete)
    assert not done, f"these compile now: remove them from PENDING: {done}"


async def _notify_everyone(db: Database) -> None:
    """Notifications for every user: messages with parameters (rendered in the reader's language), one without a
    body, and one stored before messages were (plain text only)."""
    from rapport.activities.service import notify
    from rapport.core.i18n import msg

    async with db.write() as session:
        users = (await session.execute(text("SELECT id FROM app_user"))).scalars().all()
        for user in users:
            notify(session, user, kind="task_assigned", title=msg("{name}: approved", name="回访"), body="Due soon.")
            notify(session, user, kind="sla_warning", title="SLA warning")
        await session.execute(
            text(
                "UPDATE notification SET message = NULL, title = 'Old', body = 'Before messages' WHERE kind = 'sla_warning'"
            )
        )


async def _ticket_with_messages(db: Database) -> Any:
    """The ticket sharing the most words with published articles, with two messages to its customer (one failed)."""
    from rapport.core.mail.outbox import Content, Email, enqueue

    async with db.write() as session:
        ticket = (
            await session.execute(
                text(
                    "SELECT t.id FROM ticket t ORDER BY (SELECT count(*) FROM kb_article a"
                    " WHERE a.status = 'published' AND a.search_tokens && t.search_tokens) DESC, t.id LIMIT 1"
                )
            )
        ).scalar_one()
        for kind, subject in (("ticket.acknowledged", "我们已收到您的问题"), ("ticket.replied", "Re: your question")):
            content = Content(subject=subject, text="...")
            email = Email("who@example.com", content, kind, "zh-CN", about=("Ticket", ticket))
            await enqueue(session, email)
        await session.execute(
            text(
                "UPDATE outbound_email SET status = 'failed', last_error = '550 mailbox unavailable'"
                " WHERE kind = 'ticket.replied'"
            )
        )
    return ticket


async def _samples(db: Database) -> dict[str, dict[str, Any]]:
    """Variables for each compiled operation, on the seeded data (without the `@include`/`@skip` booleans)."""
    await _notify_everyone(db)
    async with db.read() as session:
        customer = (
            await session.execute(
                text("SELECT customer_id FROM contact GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1")
            )
        ).scalar_one()
        tasked = (
            await session.execute(
                text(
                    "SELECT customer_id FROM task WHERE customer_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
                )
            )
        ).scalar_one()
        # The customer whose timeline has the most kinds of entry, then the most entries (every member of the union).
        busy = (
            await session.execute(
                text(
                    "SELECT customer_id FROM (SELECT customer_id, 'order' AS k FROM sales_order UNION ALL "
                    "SELECT customer_id, 'activity' FROM activity UNION ALL SELECT customer_id, 'ticket' FROM ticket "
                    "UNION ALL SELECT customer_id, 'stage' FROM stage_change UNION ALL "
                    "SELECT customer_id, 'pool' FROM pool_movement) e WHERE customer_id IS NOT NULL "
                    "GROUP BY customer_id ORDER BY count(DISTINCT k) DESC, count(*) DESC, customer_id LIMIT 1"
                )
            )
        ).scalar_one()
        agent = (await session.execute(text("SELECT id FROM app_user WHERE email = 'agent@demo.example'"))).scalar_one()
        rep = (await session.execute(text("SELECT id FROM app_user WHERE email = 'rep@demo.example'"))).scalar_one()
        name = (await session.execute(text("SELECT name FROM customer ORDER BY created_at LIMIT 1"))).scalar_one()
        deal = (await session.execute(text("SELECT id FROM opportunity ORDER BY created_at LIMIT 1"))).scalar_one()
        article = (
            await session.execute(text("SELECT id FROM kb_article WHERE status = 'published' ORDER BY id LIMIT 1"))
        ).scalar_one()
        # The predictions: the riskiest scored customer (reasons, what changed), else one with tasks; a lost deal
        # (its retrospective) - the compiled plan is checked on the shapes of every role all the same.
        risky = (
            await session.execute(
                text("SELECT customer_id FROM customer_churn_score ORDER BY probability DESC, customer_id LIMIT 1")
            )
        ).scalar_one_or_none()
        lost = (
            await session.execute(
                text("SELECT id FROM opportunity WHERE status = 'lost' ORDER BY closed_at DESC NULLS LAST, id LIMIT 1")
            )
        ).scalar_one_or_none()
    ticket = await _ticket_with_messages(db)
    original = await plant_duplicates(db)
    await record_training_requests(db, await record_churn_runs(db))
    return {
        "Customer360Duplicates": {"id": to_global_id("Customer", original)},
        "CustomerDuplicateCheck": {
            "draft": {"name": "华为技术有限公司", "kind": "COMPANY", "phones": ["+86 138 1234 5678"], "emails": []}
        },
        "ServiceTicket": {"id": to_global_id("Ticket", ticket)},
        "TicketCustomerMessages": {"id": to_global_id("Ticket", ticket)},
        "Customer360DoneTasks": {"id": to_global_id("Customer", tasked)},
        "AdminTeams": {},
        "GlobalSearch": {"first": 5, "search": name[:2]},
        "HomeEscalations": {"first": 10},
        "HomeMyOpportunities": {"first": 10, "ownerId": to_global_id("User", rep)},
        "HomeNewLeads": {"first": 10, "ownerId": to_global_id("User", rep)},
        "OpportunityDetail": {"id": to_global_id("Opportunity", deal)},
        "SalesPipelineStages": {},
        "ServiceQueueOptions": {},
        "ServiceAgentOptions": {},
        "AdminServiceRules": {},
        "Viewer": {},
        "AdminAuditLog": {"first": 3, "filter": {"action": "create"}},
        "AdminSalesRules": {},
        "AdminSalesTargets": {"year": None},
        "HomeMyTickets": {"assigneeId": to_global_id("User", agent), "first": 10},
        "Customer360": {"id": to_global_id("Customer", tasked)},
        "CustomerPredictions": {"id": to_global_id("Customer", risky or tasked)},
        "OpportunityPredictions": {"id": to_global_id("Opportunity", lost or deal)},
        "Customer360Timeline": {"id": to_global_id("Customer", busy), "first": 5, "after": None},
        "Regions": {},
        "CustomersList": {"first": 5, "orderBy": {"field": "GRADE", "direction": "DESC"}, "search": None},
        "Customer360MergePreview": {
            "survivorId": to_global_id("Customer", customer),
            "mergedId": to_global_id("Customer", tasked),
        },
        "BellNotifications": {"first": 10},
        "BellUnreadCount": {},
        "KbEditorArticles": {"first": 10, "offset": 0, "query": None},
        "PortalKbSearch": {"first": 3, "offset": 1, "query": None},
        "PortalKbArticle": {"id": to_global_id("KbArticle", article)},
        "HomePoolWatchlist": {"first": 10, "withinDays": 60},
        "DashboardService": {
            "bucket": "WEEK",
            "createdFrom": "2024-01-01T00:00:00+00:00",
            "createdTo": "2027-01-01T00:00:00+00:00",
        },
        "HomeServiceOverview": {"createdFrom": "2024-01-01T00:00:00+00:00"},
        "HomeFunnel": {"from": "2024-01-01", "to": "2026-12-31"},
        "DashboardSales": {
            "from": "2024-01-01",
            "to": "2026-12-31",
            "monthStart": "2026-11-01",
            "quarterStart": "2026-10-01",
        },
        "HomeMyTarget": {"from": "2024-01-01", "to": "2026-12-31"},
        "HomeTeamPerformance": {"from": "2024-01-01", "to": "2026-12-31"},
        "CustomerFilterOptions": {},
        "DashboardCustomers": {
            "revenueFrom": "2025-01-01T00:00:00+00:00",
            "revenueTo": "2027-01-01T00:00:00+00:00",
            "filter": {"grades": ["A", "B"]},
        },
        "DashboardLayout": {"page": "DASHBOARDS"},
        "PublishedDashboardLayouts": {"page": "HOME"},
        "CustomersAtRisk": {"bands": ["HIGH", "MEDIUM", "LOW"], "first": 20},
        "DashboardWinForecast": {"from": "2024-01-01", "to": "2027-12-31"},
        "DashboardLostDeals": {"from": "2024-01-01", "to": "2026-12-31"},
        "HomeCustomerSegments": {},
        "AdminUsers": {"first": 3},
        "AdminApiTokens": {},
        "AdminWebhookEndpoints": {},
        "ImportBatches": {},
        "MyExports": {},
        "AdminWebhookDeliveries": {"first": 5, "after": None, "filter": None},
        "SalesProducts": {"search": None},
        "SalesForce": {},
        "ApprovalInbox": {"first": 2, "filter": {"statuses": ["PENDING", "APPROVED", "REJECTED"]}},
        "HomeApprovals": {"first": 5},
        "PublicPool": {"first": 3, "filter": None},
        "NotificationsPage": {"first": 2, "unreadOnly": False},
        "LeadList": {"first": 5, "filter": None},
        "OpportunityList": {"first": 5, "filter": {}},
        "PipelineOpportunities": {"first": 4, "filter": {"statuses": ["OPEN"]}},
        "ServiceTickets": {"first": 5, "filter": {"openOnly": True}},
        "HomeMyTasks": {"first": 20},
        "SalesCustomerOptions": {"search": None},
        "TicketCreateContacts": {"id": to_global_id("Customer", customer)},
        **await marketing_reads(db),
        "MarketingDashboard": {"period": {"from": "2025-01-01", "to": "2027-01-01"}, "model": "LINEAR"},
        # Two runs, a page each: the second read after the first's cursor.
        "PredictionModelRuns": {"kind": "CHURN", "first": 1},
        # A done churn training (with its run) and a queued win training.
        "PredictionTrainingRequests": {},
    }


async def test_compiled_operations_of_the_web_app_answer_as_the_resolvers_for_every_role(
    coverage: dict[str, OperationCoverage], settings: Settings, db: Database
) -> None:
    from rapport.demo import seed_demo

    await seed_demo(db, settings, locale="zh_CN", customers=40)
    async with db.write() as session:
        await create_user(session, email="erp@demo.example", name="ERP", password=None, roles=["integrator"])
    await webhook_world(db, settings, "erp@demo.example")
    samples = await _samples(db)
    compiled = [
        d for d in MANIFEST.by_hash.values() if d.operation_name in coverage and coverage[d.operation_name].complete
    ]
    missing = sorted(d.operation_name or "" for d in compiled if d.operation_name not in samples)
    assert not missing, f"give these compiled operations sample variables in _samples: {missing}"
    fast_app = create_app(settings, database=db)
    slow_app = create_app(settings.model_copy(update={"compiled_reads": False}), database=db)
    compared = paged = 0
    for email in ROLES:
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=fast_app), base_url="http://t") as fast_http,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=slow_app), base_url="http://t") as slow_http,
        ):
            fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
            assert (await fast.login(email))["data"]["login"]["viewer"], email
            await slow.login(email)
            for document in compiled:
                parsed = parse(document.text)
                names = directive_variables(parsed)
                pages = "after" in {
                    v.variable.name.value for d in parsed.definitions for v in d.variable_definitions or ()
                }
                for bits in _compared_shapes(len(names)):
                    variables = {**samples[document.operation_name or ""]}
                    variables |= {name: bool(bits >> i & 1) for i, name in enumerate(names)}
                    while variables is not None:
                        expected = await slow(document.text, variables)
                        served = fast_app.state.graphql.compiled.served
                        got = await fast(document.text, variables)
                        label = f"{email} {document.operation_name} {variables}"
                        assert got == expected, f"{label}:\n compiled {got}\n resolvers {expected}"
                        if "errors" not in expected:
                            ran = fast_app.state.graphql.compiled.served - served
                            assert ran == 1, f"{label}: answered by the resolvers, not compiled"
                            compared += 1
                            # Again: answered as prepared (rapport.graphql.prepared), alike.
                            kept = len(fast_app.state.graphql.compiled.prepared)
                            assert await fast(document.text, variables) == got, f"{label}: repeated"
                            assert fast_app.state.graphql.compiled.served - served == 2, f"{label}: repeated"
                            assert len(fast_app.state.graphql.compiled.prepared) == kept, f"{label}: not kept"
                        # The next page, after the cursor the resolvers gave (a list's second page once).
                        cursor = end_cursor(expected.get("data"))
                        next_page = pages and cursor is not None and "after" not in variables
                        variables = {**variables, "after": cursor} if next_page else None
                        paged += next_page
    assert compared >= 40
    assert paged >= 8, "no list was read past its first page"
    # Each fixed value with a plain text was written into the statements these answers came from
    # (`compiler.constants`): what is left a parameter is bound per request or could not be written in.
    left = {
        (name, value)
        for statement in cached_sql()
        for name, value, per_request in statement.parameters
        if not per_request and literal_text(value) is not None
    }
    assert not left, f"plain fixed values left as parameters: {sorted(left, key=str)[:10]}"


def _compared_shapes(count: int) -> list[int]:
    """The shapes compared on both paths, as bit patterns: every one of up to three booleans; of up to six, none,
    all, each alone and all but each; of more, none and all (every field the operation can select). Every shape
    compiles: `test_every_read_operation_of_the_web_app_compiles_unless_pending`."""
    everything = 2**count - 1
    if count <= 3:
        return list(range(2**count))
    if count > 6:
        return [0, everything]
    return sorted({0, everything} | {1 << i for i in range(count)} | {everything ^ 1 << i for i in range(count)})


@pytest.mark.parametrize("field", ["NAME", "CREATED_AT", "UPDATED_AT", "LAST_ACTIVITY_AT", "GRADE"])
async def test_the_customer_list_pages_alike_on_both_paths_by_every_sort_key(
    field: str, settings: Settings, db: Database
) -> None:
    """Every page of the customer list, by each sort key both ways (nullable keys run into their NULL tail, which
    comes last), is the same on the compiled path as on the resolvers', and the compiled path serves each page."""
    from rapport.demo import seed_demo

    await seed_demo(db, settings, locale="zh_CN", customers=30)
    async with db.write() as session:  # some customers without a grade or an activity: the NULL tail is paged too
        await session.execute(text("UPDATE customer SET grade = NULL, last_activity_at = NULL WHERE name < 'M'"))
    document = next(d for d in MANIFEST.by_hash.values() if d.operation_name == "CustomersList")
    names = directive_variables(parse(document.text))
    fast_app = create_app(settings, database=db)
    slow_app = create_app(settings.model_copy(update={"compiled_reads": False}), database=db)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=fast_app), base_url="http://t") as fast_http,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=slow_app), base_url="http://t") as slow_http,
    ):
        fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
        await fast.login("admin@demo.example")
        await slow.login("admin@demo.example")
        for direction in ("ASC", "DESC"):
            variables: dict[str, Any] = dict.fromkeys(names, True)
            variables |= {"first": 7, "after": None, "orderBy": {"field": field, "direction": direction}}
            seen: list[str] = []
            while True:
                expected = await slow(document.text, variables)
                served = fast_app.state.graphql.compiled.served
                got = await fast(document.text, variables)
                assert got == expected, f"{field} {direction} after {variables['after']}"
                assert fast_app.state.graphql.compiled.served == served + 1, "answered by the resolvers"
                page = expected["data"]["customers"]
                seen += [node["id"] for node in page["nodes"]]
                if not page["pageInfo"]["hasNextPage"]:
                    break
                variables["after"] = page["pageInfo"]["endCursor"]
            assert len(seen) == len(set(seen)) == page["totalCount"], f"{field} {direction}: every customer once"


GROUPS = """query Groups($by: Dimension!, $filter: CustomerFilter) {
  customerGroups(by: $by, filter: $filter) {
    __typename dimension total
    groups { __typename key customers revenue share }
    biggest: largest { key customers revenue share }
    smallest { key customers }
  }
}"""


async def test_customer_groups_answer_alike_on_both_paths_for_every_dimension(settings: Settings, db: Database) -> None:
    """Every dimension (the age band on the request's day included), with and without a filter, every field of the
    answer (the largest and smallest groups too), as a director and as a rep (their own customers only)."""
    from rapport.customers.enums import CustomerDimension
    from rapport.demo import seed_demo

    await seed_demo(db, settings, locale="zh_CN", customers=30)
    async with db.write() as session:  # persons with birth dates for the age bands
        await session.execute(
            text("UPDATE customer SET birth_date = date '1990-06-01' - (random() * 20000)::int WHERE kind = 'person'")
        )
    fast_app = create_app(settings, database=db)
    slow_app = create_app(settings.model_copy(update={"compiled_reads": False}), database=db)
    for email in ("director@demo.example", "rep@demo.example"):
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=fast_app), base_url="http://t") as fast_http,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=slow_app), base_url="http://t") as slow_http,
        ):
            fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
            await fast.login(email)
            await slow.login(email)
            for dimension in CustomerDimension:
                for given in (None, {"grades": ["A", "B"]}):
                    variables = {"by": dimension.name, "filter": given}
                    expected = await slow(GROUPS, variables)
                    served = fast_app.state.graphql.compiled.served
                    got = await fast(GROUPS, variables)
                    assert got == expected, f"{email} {variables}"
                    assert "errors" not in expected, expected
                    assert fast_app.state.graphql.compiled.served == served + 1, f"{variables}: not compiled"
                    answer = expected["data"]["customerGroups"]
                    assert answer["total"] == sum(g["customers"] for g in answer["groups"])


STATS = """query Stats($from: DateTime, $bucket: Bucket!) {
  serviceStats(createdFrom: $from, bucket: $bucket) {
    __typename created resolved avgFirstResponseMinutes avgResolutionMinutes firstResponseCompliance
    resolutionCompliance csat ratings reopenRate
    backlog { key second count } volumeByCategory { key second count } volumeByChannel { __typename key second count }
    csatByAgent { id name average ratings } csatByTeam { id name average ratings } csatTrend { key average count }
  }
}"""


async def test_service_stats_answer_alike_on_both_paths(settings: Settings, db: Database) -> None:
    """Every field of the service figures, for each bucket, with and without a period, as each service role and an
    administrator (each over the tickets they may see)."""
    from rapport.demo import seed_demo

    await seed_demo(db, settings, locale="zh_CN", customers=30)
    fast_app = create_app(settings, database=db)
    slow_app = create_app(settings.model_copy(update={"compiled_reads": False}), database=db)
    for email in ("agent@demo.example", "supervisor@demo.example", "admin@demo.example"):
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=fast_app), base_url="http://t") as fast_http,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=slow_app), base_url="http://t") as slow_http,
        ):
            fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
            await fast.login(email)
            await slow.login(email)
            for bucket in ("DAY", "WEEK", "MONTH"):
                for start in (None, "2026-01-01T00:00:00+08:00"):
                    variables = {"from": start, "bucket": bucket}
                    expected = await slow(STATS, variables)
                    served = fast_app.state.graphql.compiled.served
                    got = await fast(STATS, variables)
                    assert got == expected, f"{email} {variables}"
                    assert "errors" not in expected, expected
                    assert fast_app.state.graphql.compiled.served == served + 1, f"{variables}: not compiled"
                    assert expected["data"]["serviceStats"]["created"] > 0
