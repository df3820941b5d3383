"""Every event type is written by the change it names, through the API people and integrations use, in the
change's transaction, with the fields that changed; the commit-ordered log numbers them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from rapport.core.db import Database
from rapport.core.domain_events import DOMAIN_LOG, EVENT_TYPES, DomainEvent
from rapport.graphql.node import from_global_id, to_global_id
from tests import factories
from tests.conftest import GraphQLClient
from tests.sales.conftest import Sales, call, sales  # noqa: F401 (the fixture)
from tests.support.conftest import Desk, desk, mutate, open_ticket  # noqa: F401 (the fixture)

ERRORS = "userErrors { field code message }"


async def _events(db: Database) -> list[DomainEvent]:
    async with db.read() as session:
        return list((await session.scalars(select(DomainEvent).order_by(DomainEvent.id))).all())


async def test_each_change_writes_the_event_it_names(
    gql: GraphQLClient,
    db: Database,
    sales: Sales,  # noqa: F811
    desk: Desk,  # noqa: F811
) -> None:
    before = {e.event_id for e in await _events(db)}
    await gql.login("rep@demo.example")
    created = await call(
        gql, "customerCreate", "CustomerCreateInput", {"name": "Webhook Co", "kind": "COMPANY"},
        f"customer {{ id version }} {ERRORS}",
    )  # fmt: skip
    customer = created["customer"]
    await call(
        gql, "customerUpdate", "CustomerUpdateInput",
        {"id": customer["id"], "version": customer["version"], "grade": "A", "industry": "Retail"},
        f"customer {{ id }} {ERRORS}",
    )  # fmt: skip
    await call(gql, "customerTag", "CustomerTagInput", {"customerId": customer["id"], "tags": ["vip"]}, ERRORS)
    lead = await call(
        gql, "leadCreate", "LeadCreateInput", {"name": "Li Lei", "source": "expo", "phone": "13912345678"}, ERRORS
    )
    assert lead["userErrors"] == []

    async def opportunity(name: str) -> dict[str, Any]:
        payload = await call(
            gql, "opportunityCreate", "OpportunityCreateInput",
            {"customerId": customer["id"], "name": name, "amount": "5000"}, f"opportunity {{ id version }} {ERRORS}",
        )  # fmt: skip
        return dict(payload["opportunity"])

    async def move(opp: dict[str, Any], stage: str, **extra: Any) -> None:
        payload = await call(
            gql, "opportunityMoveStage", "OpportunityMoveStageInput",
            {"id": opp["id"], "stageId": sales.stages[stage], **extra}, f"moved {ERRORS}",
        )  # fmt: skip
        assert payload["moved"] is True, payload

    won = await opportunity("Won deal")
    await move(won, "contract")
    await move(won, "won")
    lost = await opportunity("Lost deal")
    await move(lost, "lost", lostReason="price")

    other = await factories.customer(db, sales.rep, "Webhook Co (copy)")
    await gql.login("manager@demo.example")
    merged = await gql(
        "mutation($i: CustomerMergeInput!) { customerMerge(input: $i) { userErrors { field } } }",
        {"i": {"survivorId": customer["id"], "mergedId": to_global_id("Customer", other.id)}},
    )
    assert merged["data"]["customerMerge"]["userErrors"] == []

    await gql.login("agent@demo.example")
    ticket = await open_ticket(gql, desk)
    commented = await mutate(gql, "ticketComment", "TicketCommentInput", {"id": ticket["id"], "body": "On it."})
    assert commented["userErrors"] == []

    events = [e for e in await _events(db) if e.event_id not in before]
    # every type but the churn scoring job's (tests/analytics/test_churn.py, tests/integrations/test_webhooks.py)
    assert {e.type for e in events} == set(EVENT_TYPES) - {"customer.churn_risk_high"}
    _, customer_id = from_global_id(customer["id"])
    about_customer = [(e.type, e.data.get("changed")) for e in events if e.entity_id == customer_id]
    assert about_customer == [
        ("customer.created", None),
        ("customer.updated", ["grade", "industry"]),
        ("customer.updated", ["tags"]),
        ("customer.merged", None),
    ]
    merge = next(e for e in events if e.type == "customer.merged")
    assert merge.data == {"mergedId": str(other.id)}
    _, won_id = from_global_id(won["id"])
    assert [(e.type, e.data["stage"]) for e in events if e.entity_id == won_id] == [
        ("opportunity.stage_changed", "contract"),
        ("opportunity.won", "won"),
    ]
    _, ticket_id = from_global_id(ticket["id"])
    about_ticket = [(e.type, e.data.get("kind")) for e in events if e.entity_id == ticket_id]
    assert about_ticket[0] == ("ticket.created", None)
    assert about_ticket[-1] == ("ticket.changed", "commented")
    # nothing is numbered before it commits; afterwards, every event has its place, in commit order
    assert all(e.seq is None for e in events)
    await DOMAIN_LOG.stamp(db)
    stamped = [e for e in await _events(db) if e.event_id not in before]
    assert [e.seq for e in stamped] == sorted(e.seq for e in stamped if e.seq is not None)
