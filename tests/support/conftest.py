"""Service-desk fixtures: a customer with a portal contact, agents with skills, a routing rule."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from rapport.core.db import Database
from rapport.core.mail.models import OutboundEmail
from rapport.core.mail.outbox import content_of
from rapport.customers.models import Contact
from rapport.customers.service import ContactDraft
from rapport.graphql.node import from_global_id, to_global_id
from rapport.identity.models import Team, User
from tests import factories
from tests.authz.conftest import related_to_everyone
from tests.conftest import GraphQLClient

CREATE = """
mutation($i: TicketCreateInput!) {
  ticketCreate(input: $i) {
    ticket { id number version status priority queue { name } assignee { email } customer { name }
             sla { firstResponseDueAt resolutionDueAt paused } }
    userErrors { field code message }
  }
}
"""


@dataclass
class Desk:
    """Ids the service-desk tests use."""

    customer_id: str
    contact_id: str
    service_team_id: str
    agent_id: str
    agent2_id: str
    raw: dict[str, Any]


async def mutate(
    gql: GraphQLClient, name: str, input_type: str, values: dict[str, Any], selection: str = ""
) -> dict[str, Any]:
    """Run a ticket mutation and return its payload."""
    fields = (
        selection
        or "ticket { id version status assignee { email } escalationLevel rating } userErrors { field code message }"
    )
    body = await gql(f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ {fields} }} }}", {"i": values})
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][name]
    return payload


@pytest.fixture
async def desk(demo: dict[str, Any], db: Database) -> AsyncIterator[Desk]:
    """Contoso, a customer of rep's that the service desk already serves: related to its agents and supervisor, so
    that they may file tickets for it (staff reference only customers they may see)."""
    with related_to_everyone("Contoso 客户"):
        yield await _desk(db)


async def _desk(db: Database) -> Desk:
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(
        db,
        rep,
        "Contoso 客户",
        grade="A",
        contacts=[ContactDraft("王芳", phones=["13600001111"], emails=["wang@contoso.cn"])],
    )
    async with db.read() as session:
        contact = (await session.execute(select(Contact).where(Contact.customer_id == customer.id))).scalar_one()
        team = (await session.execute(select(Team).where(Team.kind == "service"))).scalar_one()
        agents = {u.email: u for u in (await session.execute(select(User).where(User.email.like("agent%")))).scalars()}
    return Desk(
        customer_id=to_global_id("Customer", customer.id),
        contact_id=to_global_id("Contact", contact.id),
        service_team_id=to_global_id("Team", team.id),
        agent_id=to_global_id("User", agents["agent@demo.example"].id),
        agent2_id=to_global_id("User", agents["agent2@demo.example"].id),
        raw={"customer": customer.id, "contact": contact.id, "team": team.id},
    )


async def open_ticket(gql: GraphQLClient, desk: Desk, **values: Any) -> dict[str, Any]:
    """Open a ticket as whoever is signed in."""
    body = await gql(
        CREATE,
        {
            "i": {
                "subject": "打印机无法连接",
                "category": "hardware",
                "customerId": desk.customer_id,
                "contactId": desk.contact_id,
                **values,
            }
        },
    )
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["ticketCreate"]
    assert payload["userErrors"] == [], payload
    return dict(payload["ticket"])


async def emailed_survey_url(db: Database, ticket_id: str) -> str:
    """The survey link of the latest resolution email queued for a ticket (by its global id): the link the customer
    gets, read from the outbox (ticketResolve returns it to staff only when it could not be emailed)."""
    async with db.read() as session:
        row = (
            await session.execute(
                select(OutboundEmail)
                .where(
                    OutboundEmail.subject_type == "Ticket",
                    OutboundEmail.subject_id == from_global_id(ticket_id, "Ticket")[1],
                    OutboundEmail.kind == "ticket.resolved",
                )
                .order_by(OutboundEmail.created_at.desc(), OutboundEmail.id.desc())
                .limit(1)
            )
        ).scalar_one()
    match = re.search(r"\S+/survey/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+", content_of(row).text)
    assert match, "the resolution email carries no survey link"
    return match.group(0)
