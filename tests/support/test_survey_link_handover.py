"""The survey link is the customer's: whoever resolves a ticket never gets it when it can be emailed.

A rating closes or reopens the ticket and counts in the resolver's CSAT, so a staff member holding the link could
rate their own ticket 5 stars. `ticketResolve` emails the link to the customer and returns it (`surveyUrl`) only
when there is no email address to send it to (a phone-only customer), for the resolver to pass on; that hand-over
is written to the audit log (without the link). Checked for every role the shipped policy lets resolve tickets.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from rapport.assembly import build_schema
from rapport.core.audit import AuditEntry
from rapport.core.authz.policy import DEFAULT_POLICY, Access, compile_rules, read_csv
from rapport.core.db import Database
from rapport.core.mail.models import OutboundEmail
from rapport.graphql.node import from_global_id
from rapport.identity.models import User
from rapport.identity.service import create_user
from tests.conftest import GraphQLClient
from tests.support.conftest import Desk, emailed_survey_url, mutate, open_ticket
from tests.support.test_phone_lookup import readable

SHIPPED = compile_rules(read_csv(DEFAULT_POLICY), version=0)
#: Every role of the shipped policy that may resolve a ticket (a new one needs a user in USERS).
RESOLVERS = sorted(
    r for r in SHIPPED.role_fields if SHIPPED.for_roles({r}).access("Mutation.ticketResolve") >= Access.WRITE
)
USERS = {
    "service_agent": "agent@demo.example",
    "service_supervisor": "supervisor@demo.example",
    "integrator": "integrator@survey.example",
    "admin": "admin@demo.example",
}
RESOLVE = "surveyUrl ticket { id status } userErrors { field code message }"
SUBMIT = "mutation($i: SurveySubmitInput!) { surveySubmit(input: $i) { accepted userErrors { message } } }"


@pytest.fixture
async def resolver(request: pytest.FixtureRequest, db: Database) -> str:
    """The email of a user of the role (the integrator, whom the demo lacks, is made)."""
    role: str = request.param
    if role == "integrator":
        async with db.write() as session:
            await create_user(session, email=USERS[role], name="ERP", password="rapport-demo", roles=[role])
    return USERS[role]


async def _in_progress(gql: GraphQLClient, desk: Desk) -> dict[str, Any]:
    """A ticket of the desk's customer, assigned to the agent, in progress."""
    await gql.login("supervisor@demo.example")
    ticket = await open_ticket(gql, desk)
    await mutate(gql, "ticketAssign", "TicketAssignInput", {"id": ticket["id"], "agentId": desk.agent_id})
    await gql.login("agent@demo.example")
    await mutate(gql, "ticketStart", "TicketActionInput", {"id": ticket["id"]})
    return ticket


async def _resolve_as(gql: GraphQLClient, email: str, ticket_id: str) -> dict[str, Any]:
    assert (await gql.login(email))["data"]["login"]["viewer"], email
    body = await gql(
        f"mutation($i: TicketActionInput!) {{ ticketResolve(input: $i) {{ {RESOLVE} }} }}", {"i": {"id": ticket_id}}
    )
    assert "errors" not in body, body
    return body


async def _user_id(db: Database, email: str) -> uuid.UUID:
    async with db.read() as session:
        return (await session.execute(select(User.id).where(User.email == email))).scalar_one()


async def _audit(db: Database, ticket_id: str) -> list[AuditEntry]:
    """The audit entries about the ticket."""
    raw = from_global_id(ticket_id, "Ticket")[1]
    async with db.read() as session:
        return list((await session.scalars(select(AuditEntry).where(AuditEntry.entity_id == raw))).all())


def test_the_resolvers_are_the_service_desk_the_integration_and_the_administrator() -> None:
    assert set(RESOLVERS) == set(USERS)


@pytest.mark.parametrize("resolver", RESOLVERS, indirect=True)
async def test_when_the_customer_has_an_email_address_the_resolver_never_sees_the_link(
    resolver: str, gql: GraphQLClient, desk: Desk, db: Database
) -> None:
    ticket = await _in_progress(gql, desk)
    body = await _resolve_as(gql, resolver, ticket["id"])
    payload = body["data"]["ticketResolve"]
    assert payload["userErrors"] == [] and payload["ticket"]["status"] == "RESOLVED"
    assert payload["surveyUrl"] is None

    token = (await emailed_survey_url(db, ticket["id"])).rsplit("/", 1)[1]  # the customer got it
    assert token not in json.dumps(body)
    # Nothing the resolver may read on the ticket carries it either.
    role = next(r for r, email in USERS.items() if email == resolver)
    fields = readable(role, "Ticket", build_schema()._schema)
    view = await gql(f"query($id: ID!) {{ ticket(id: $id) {{ {fields} }} }}", {"id": ticket["id"]})
    assert view["data"]["ticket"]["id"] == ticket["id"], view
    assert token not in json.dumps(view)
    entries = await _audit(db, ticket["id"])
    assert [e for e in entries if e.action == "survey_link_given"] == []
    assert all(token not in json.dumps(e.changes) for e in entries)


@pytest.mark.parametrize("resolver", RESOLVERS, indirect=True)
async def test_without_an_email_address_the_resolver_gets_the_link_and_the_audit_log_says_so(
    resolver: str, gql: GraphQLClient, client: httpx.AsyncClient, desk: Desk, db: Database
) -> None:
    await gql.login("rep@demo.example")  # a phone-only customer
    update = {"id": desk.contact_id, "version": 1, "emails": []}
    assert (await mutate(gql, "contactUpdate", "ContactUpdateInput", update, "userErrors { message }")) == {
        "userErrors": []
    }
    ticket = await _in_progress(gql, desk)
    payload = (await _resolve_as(gql, resolver, ticket["id"]))["data"]["ticketResolve"]
    assert payload["userErrors"] == [] and payload["ticket"]["status"] == "RESOLVED"
    assert "/survey/" in payload["surveyUrl"]
    token = payload["surveyUrl"].rsplit("/", 1)[1]
    async with db.read() as session:
        assert (await session.scalars(select(OutboundEmail).where(OutboundEmail.kind == "ticket.resolved"))).all() == []

    given = [e for e in await _audit(db, ticket["id"]) if e.action == "survey_link_given"]
    user_id = await _user_id(db, resolver)
    assert [(e.entity_type, e.actor_id, e.changes["surveyLinkGivenTo"]) for e in given] == [
        ("Ticket", user_id, str(user_id))
    ]
    assert token not in json.dumps(given[0].changes)

    # Passed on, it is the customer's link like an emailed one: it rates once.
    client.cookies.clear()
    assert (await gql(SUBMIT, {"i": {"token": token, "rating": 5}}))["data"]["surveySubmit"]["accepted"] is True
    assert (await gql(SUBMIT, {"i": {"token": token, "rating": 5}}))["data"]["surveySubmit"]["accepted"] is False
