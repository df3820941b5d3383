"""The ticket workflow end to end, including both satisfaction branches and invalid transitions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from rapport.core.db import Database
from rapport.support.models import Ticket, TicketEvent
from tests.conftest import GraphQLClient
from tests.support.conftest import Desk, emailed_survey_url, mutate, open_ticket


async def _resolved_ticket(gql: GraphQLClient, desk: Desk, db: Database) -> dict[str, Any]:
    await gql.login("supervisor@demo.example")
    ticket = await open_ticket(gql, desk)
    assert ticket["number"].startswith("T-") and ticket["status"] == "NEW"
    assigned = await mutate(gql, "ticketAssign", "TicketAssignInput", {"id": ticket["id"], "agentId": desk.agent_id})
    assert assigned["ticket"]["status"] == "ASSIGNED" and assigned["ticket"]["assignee"] == {
        "email": "agent@demo.example"
    }
    await gql.login("agent@demo.example")
    started = await mutate(gql, "ticketStart", "TicketActionInput", {"id": ticket["id"]})
    assert started["ticket"]["status"] == "IN_PROGRESS"
    reply = await mutate(
        gql,
        "ticketComment",
        "TicketCommentInput",
        {"id": ticket["id"], "body": "请重启路由器"},
        "comment { body public author { email } } ticket { status } userErrors { code }",
    )
    assert reply["comment"] == {"body": "请重启路由器", "public": True, "author": {"email": "agent@demo.example"}}
    resolved = await mutate(
        gql,
        "ticketResolve",
        "TicketActionInput",
        {"id": ticket["id"]},
        "ticket { id status } surveyUrl userErrors { code }",
    )
    assert resolved["ticket"]["status"] == "RESOLVED"
    assert resolved["surveyUrl"] is None  # emailed to the customer, not handed to the agent
    survey_url = await emailed_survey_url(db, ticket["id"])
    assert "/survey/" in survey_url
    return {**resolved["ticket"], "token": survey_url.rsplit("/", 1)[1]}


async def _rate(gql: GraphQLClient, ticket: dict[str, Any], stars: int, comment: str | None = None) -> dict[str, Any]:
    """The customer rates through the survey link; the agent then reads the ticket back."""
    gql.http.cookies.clear()
    submit = "mutation($i: SurveySubmitInput!) { surveySubmit(input: $i) { accepted userErrors { message } } }"
    body = await gql(submit, {"i": {"token": ticket["token"], "rating": stars, "comment": comment}})
    assert body["data"]["surveySubmit"] == {"accepted": True, "userErrors": []}, body
    await gql.login("agent@demo.example")
    fields = "id version status assignee { email } escalationLevel rating"
    view = await gql(f"query($id: ID!) {{ ticket(id: $id) {{ {fields} }} }}", {"id": ticket["id"]})
    return {"ticket": view["data"]["ticket"]}


async def test_a_good_rating_closes_the_ticket(gql: GraphQLClient, desk: Desk, db: Database) -> None:
    ticket = await _resolved_ticket(gql, desk, db)
    rated = await _rate(gql, ticket, 4, "很快")
    assert rated["ticket"]["status"] == "CLOSED" and rated["ticket"]["rating"] == 4
    history = await gql(
        "query($id: ID!) { ticket(id: $id) { history { kind data } closedAt ratingComment } }", {"id": ticket["id"]}
    )
    view = history["data"]["ticket"]
    assert view["closedAt"] is not None and view["ratingComment"] == "很快"
    kinds = [h["kind"] for h in view["history"]]
    assert kinds == [
        "CREATED",
        "ASSIGNED",
        "STATUS_CHANGED",
        "STATUS_CHANGED",
        "COMMENTED",
        "STATUS_CHANGED",
        "RATED",
        "STATUS_CHANGED",
    ]
    assert view["history"][-1]["data"] == {"from": "resolved", "to": "closed"}


async def test_a_poor_rating_reopens_for_the_supervisor_who_reassigns(
    gql: GraphQLClient, desk: Desk, db: Database
) -> None:
    ticket = await _resolved_ticket(gql, desk, db)
    rated = await _rate(gql, ticket, 2, "没解决")
    assert rated["ticket"] == {
        "id": ticket["id"],
        "version": rated["ticket"]["version"],
        "status": "REOPENED",
        "assignee": None,
        "escalationLevel": 0,
        "rating": 2,
    }
    await gql.login("supervisor@demo.example")
    notes = await gql("{ notifications { nodes { kind title } } }")
    assert any(n["kind"] == "ticket_reopened" for n in notes["data"]["notifications"]["nodes"])
    queue = await gql(
        "{ tickets(filter: {statuses: [REOPENED], unassigned: true}) { nodes { id reopenCount rating } } }"
    )
    assert queue["data"]["tickets"]["nodes"] == [{"id": ticket["id"], "reopenCount": 1, "rating": 2}]
    again = await mutate(gql, "ticketAssign", "TicketAssignInput", {"id": ticket["id"], "agentId": desk.agent2_id})
    assert again["ticket"]["status"] == "ASSIGNED" and again["ticket"]["assignee"] == {"email": "agent2@demo.example"}
    async with db.read() as session:
        row = (await session.execute(select(Ticket))).scalar_one()
    assert row.rating == 2 and row.reopen_count == 1  # the low rating and the history stay


async def test_invalid_transitions_are_refused_and_change_nothing(gql: GraphQLClient, desk: Desk, db: Database) -> None:
    await gql.login("supervisor@demo.example")
    ticket = await open_ticket(gql, desk)
    async with db.read() as session:
        before = (await session.execute(select(Ticket.version, Ticket.status))).one()
        events_before = len((await session.execute(select(TicketEvent))).all())
    for name, values in (
        ("ticketResolve", {"id": ticket["id"]}),
        ("ticketWait", {"id": ticket["id"]}),
        ("ticketStart", {"id": ticket["id"]}),
    ):
        input_type = "TicketActionInput"
        payload = await mutate(gql, name, input_type, values)
        assert payload["ticket"] is None
        assert payload["userErrors"][0]["code"] == "INVALID_TRANSITION", (name, payload)
        assert "while it is new" in payload["userErrors"][0]["message"]
    rate = await gql(
        "mutation($i: TicketRateInput!) { ticketRate(input: $i) { ticket { id } } }",
        {"i": {"id": ticket["id"], "rating": 5}},
    )
    assert rate["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # staff never rate (the customer's gate)
    await mutate(gql, "ticketAssign", "TicketAssignInput", {"id": ticket["id"], "agentId": desk.agent_id})
    await gql.login("agent2@demo.example")  # not the assignee
    not_mine = await mutate(gql, "ticketStart", "TicketActionInput", {"id": ticket["id"]})
    assert not_mine["userErrors"][0]["code"] == "NOT_ASSIGNEE"
    stale = await gql(
        "mutation($i: TicketAssignInput!) { ticketAssign(input: $i) { ticket { id } } }",
        {"i": {"id": ticket["id"], "agentId": desk.agent2_id, "version": 1}},
    )
    assert stale["errors"][0]["extensions"]["code"] in ("CONFLICT", "FORBIDDEN")
    async with db.read() as session:
        after = (await session.execute(select(Ticket.version, Ticket.status))).one()
        events_after = len((await session.execute(select(TicketEvent))).all())
    assert after.status == "assigned" and after.version == before.version + 1
    assert events_after == events_before + 2  # assigned + status changed, nothing from the refused actions


async def test_portal_customer_files_follows_and_rates_only_their_tickets(
    gql: GraphQLClient, desk: Desk, db: Database
) -> None:
    await gql.login("supervisor@demo.example")
    other = await open_ticket(gql, desk, subject="内部工单")  # the company's ticket makes it related to the desk
    created = await mutate(
        gql,
        "portalAccountCreate",
        "PortalAccountCreateInput",
        {"contactId": desk.contact_id, "email": "wang@contoso.cn", "password": "portal-pass-1"},
        "user { email roles } userErrors { field message }",
    )
    assert created["user"] == {"email": "wang@contoso.cn", "roles": ["customer"]}
    await gql.login("wang@contoso.cn", "portal-pass-1")
    smuggled = await gql(
        "mutation($i: TicketCreateInput!) { ticketCreate(input: $i) { ticket { id } } }",
        {"i": {"subject": "x", "category": "billing", "customerId": desk.customer_id}},
    )
    assert smuggled["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # portal users cannot choose the customer
    mine = (
        await mutate(
            gql,
            "ticketCreate",
            "TicketCreateInput",
            {"subject": "发票问题", "category": "billing"},
            "ticket { id status channel } userErrors { field }",
        )
    )["ticket"]
    assert mine["channel"] == "PORTAL"
    listed = await gql("{ tickets { nodes { subject } } }")
    assert sorted(n["subject"] for n in listed["data"]["tickets"]["nodes"]) == ["内部工单", "发票问题"]
    # Their company's tickets, nothing of the staff's customer graph:
    denied = await gql("query($id: ID!) { ticket(id: $id) { internalNotes { body } } }", {"id": mine["id"]})
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await gql("{ customers { totalCount } }"))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    reply = await mutate(
        gql,
        "ticketComment",
        "TicketCommentInput",
        {"id": mine["id"], "body": "附件已发"},
        "comment { fromCustomer } userErrors { field }",
    )
    assert reply["comment"] == {"fromCustomer": True}
    note = await mutate(
        gql,
        "ticketComment",
        "TicketCommentInput",
        {"id": mine["id"], "body": "x", "public": False},
        "comment { id } userErrors { field }",
    )
    assert note["userErrors"] == [{"field": "public"}]
    del other


async def test_only_the_customer_rates_staff_cannot_close_their_own_ticket(
    gql: GraphQLClient, desk: Desk, db: Database
) -> None:
    # The reproduction: the assignee rated their own resolved ticket 5 stars, which closed it.
    ticket = await _resolved_ticket(gql, desk, db)
    rate = "mutation($i: TicketRateInput!) { ticketRate(input: $i) { ticket { status } userErrors { code } } }"
    for staff in ("agent@demo.example", "supervisor@demo.example", "admin@demo.example"):
        await gql.login(staff)  # the admin holds every right in the policy: the workflow still refuses
        body = await gql(rate, {"i": {"id": ticket["id"], "rating": 5}})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (staff, body)
    async with db.read() as session:
        row = (await session.execute(select(Ticket))).scalar_one()
    assert row.status == "resolved" and row.rating is None
    # The ticket's own contact, signed in to the portal, rates it.
    await gql.login("supervisor@demo.example")
    await mutate(
        gql,
        "portalAccountCreate",
        "PortalAccountCreateInput",
        {"contactId": desk.contact_id, "email": "wang@contoso.cn", "password": "portal-pass-1"},
        "user { email } userErrors { field }",
    )
    await gql.login("wang@contoso.cn", "portal-pass-1")
    rated = await gql(rate, {"i": {"id": ticket["id"], "rating": 5}})
    assert rated["data"]["ticketRate"] == {"ticket": {"status": "CLOSED"}, "userErrors": []}


async def test_the_portal_customer_cannot_list_teams_or_managers(gql: GraphQLClient, desk: Desk) -> None:
    await gql.login("supervisor@demo.example")
    ticket = await open_ticket(gql, desk)
    await mutate(gql, "ticketAssign", "TicketAssignInput", {"id": ticket["id"], "agentId": desk.agent_id})
    await mutate(
        gql,
        "portalAccountCreate",
        "PortalAccountCreateInput",
        {"contactId": desk.contact_id, "email": "wang@contoso.cn", "password": "portal-pass-1"},
        "user { email } userErrors { field }",
    )
    await gql.login("wang@contoso.cn", "portal-pass-1")
    teams = await gql("{ teams { name manager { email roles } } }")
    assert teams["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    sideways = await gql(
        "query($id: ID!) { ticket(id: $id) { assignee { name team { name manager { email } } } } }",
        {"id": ticket["id"]},
    )
    assert sideways["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # What the portal itself reads still works.
    viewer = await gql("{ viewer { email roles team { id name } } }")
    assert viewer["data"]["viewer"] == {"email": "wang@contoso.cn", "roles": ["customer"], "team": None}
