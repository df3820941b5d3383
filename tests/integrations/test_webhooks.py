"""Outbound webhooks against a real local HTTP receiver: signed, in order, retried, paused, replayed, policy-shaped."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text
from standardwebhooks import Webhook

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.domain_events import DomainEvent
from rapport.core.jobs import run_job
from rapport.customers.service import ContactDraft, CustomerDraft, create_customer, update_customer
from rapport.graphql.node import from_global_id, to_global_id
from rapport.identity.service import acting_as, create_api_token, create_user, revoke_api_token
from rapport.integrations.delivery import MAX_ATTEMPTS, WAITS
from rapport.integrations.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.conftest import GraphQLClient
from tests.integrations.receiver import Receiver, webhook_receiver

pytestmark = pytest.mark.usefixtures("demo")

CREATE = """
mutation($i: WebhookEndpointCreateInput!) {
  webhookEndpointCreate(input: $i) { webhookEndpoint { id version events pausedAt } secret userErrors { field code } }
}
"""
ENDPOINT = """
query($f: WebhookDeliveryFilter) {
  webhookEndpoints { id pausedAt pauseReason pendingCount deliveredCount failedCount }
  webhookDeliveries(filter: $f, first: 50) {
    nodes { id eventType sequence status attempts lastStatusCode payload attemptLog { statusCode replay } }
  }
}
"""


async def endpoint_state(admin: GraphQLClient, endpoint_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The endpoint as the admin page shows it, and its deliveries."""
    body = await admin(ENDPOINT, {"f": {"endpointId": endpoint_id}})
    assert "errors" not in body, body
    [endpoint] = [e for e in body["data"]["webhookEndpoints"] if e["id"] == endpoint_id]
    return endpoint, body["data"]["webhookDeliveries"]["nodes"]


async def integration_token(db: Database, email: str, roles: tuple[str, ...]) -> uuid.UUID:
    """A user with these roles and an API token acting as them; the token's id."""
    async with db.write() as session:
        admin = await acting_as(session, "admin@demo.example")
        assert admin is not None
        user = await create_user(session, email=email, name=email, password=None, roles=roles)
        issued = await create_api_token(session, name=email, user_id=user.id, created_by=admin, expires_at=None)
        return issued.token.id


async def subscribe(gql: GraphQLClient, url: str, events: list[str], token_id: uuid.UUID) -> tuple[str, str]:
    """Create an endpoint as the signed-in admin; its global id and secret."""
    body = await gql(
        CREATE,
        {"i": {"name": "ERP", "url": url, "events": events, "apiTokenId": to_global_id("ApiToken", token_id)}},
    )
    payload = body["data"]["webhookEndpointCreate"]
    assert payload["userErrors"] == [], payload
    return payload["webhookEndpoint"]["id"], payload["secret"]


async def new_customer(db: Database, name: str = "Acme", owner: str = "rep@demo.example") -> uuid.UUID:
    async with db.write() as session:
        rep = await acting_as(session, owner)
        assert rep is not None
        draft = CustomerDraft(values={"name": name}, contacts=[ContactDraft(name="Zhang Wei", phones=["13812345678"])])
        return (await create_customer(session, rep, draft)).id


async def rename(db: Database, customer_id: uuid.UUID, version: int, name: str) -> None:
    async with db.write() as session:
        rep = await acting_as(session, "rep@demo.example")
        assert rep is not None
        await update_customer(session, rep, customer_id, version, {"name": name})


async def tick(db: Database, settings: Settings, at: datetime) -> dict[str, Any]:
    return await run_job("webhook-deliver", db, settings, at)


@pytest.fixture
def receiver() -> Any:
    with webhook_receiver() as listening:
        yield listening


@pytest.fixture
async def admin(gql: GraphQLClient) -> GraphQLClient:
    await gql.login("admin@demo.example")
    return gql


async def test_a_delivery_is_signed_the_standard_way_and_shaped_by_the_integrations_policy(
    db: Database, settings: Settings, admin: GraphQLClient, receiver: Receiver
) -> None:
    integrator = await integration_token(db, "erp@demo.example", ("integrator",))
    marketing = await integration_token(db, "mail-tool@demo.example", ("marketing",))
    with webhook_receiver() as masked_receiver:
        _, secret = await subscribe(admin, receiver.url, ["customer.created"], integrator)
        _, masked_secret = await subscribe(admin, masked_receiver.url, ["customer.created"], marketing)
        customer_id = await new_customer(db)
        counts = await tick(db, settings, datetime.now(UTC))
        assert counts["events"] == 1
        assert counts["delivered"] == 2

        [clear] = receiver.received
        [masked] = masked_receiver.received
    event = Webhook(secret).verify(clear.body, clear.headers)  # the library's own check: raises when wrong
    assert clear.headers["webhook-id"] == event["id"]
    assert event["type"] == "customer.created"
    data = event["data"]
    assert data["entityId"] == to_global_id("Customer", customer_id)
    assert data["sequence"] == 1
    assert data["customer"]["name"] == "Acme"
    assert data["customer"]["contacts"][0]["phones"] == ["+8613812345678"]
    # the marketing tool reads phones masked, as its user does over the API; the same event id
    shown = Webhook(masked_secret).verify(masked.body, masked.headers)
    assert shown["id"] == event["id"]
    [phone] = shown["data"]["customer"]["contacts"][0]["phones"]
    assert "*" in phone
    assert "13812345678" not in masked.body.decode()
    # a wrong secret does not verify
    with pytest.raises(Exception, match="signature"):
        Webhook(masked_secret).verify(clear.body, clear.headers)


async def test_nothing_is_delivered_for_a_rolled_back_change(
    db: Database, settings: Settings, admin: GraphQLClient, receiver: Receiver
) -> None:
    token = await integration_token(db, "erp@demo.example", ("integrator",))
    await subscribe(admin, receiver.url, ["customer.created"], token)

    class Abandoned(Exception):
        pass

    async def abandoned() -> None:
        async with db.write() as session:
            rep = await acting_as(session, "rep@demo.example")
            assert rep is not None
            await create_customer(session, rep, CustomerDraft(values={"name": "Never"}))
            raise Abandoned

    with pytest.raises(Abandoned):
        await abandoned()
    await new_customer(db, "Kept")
    await tick(db, settings, datetime.now(UTC))
    assert [r.json["data"]["customer"]["name"] for r in receiver.received] == ["Kept"]
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(DomainEvent)) == 1


async def test_an_entitys_events_arrive_in_order_while_an_earlier_one_is_retried(
    db: Database, settings: Settings, admin: GraphQLClient, receiver: Receiver
) -> None:
    token = await integration_token(db, "erp@demo.example", ("integrator",))
    await subscribe(admin, receiver.url, ["customer.created", "customer.updated"], token)
    receiver.answers = [500]
    first = await new_customer(db, "First")
    await rename(db, first, 1, "First Renamed")
    other = await new_customer(db, "Other")
    start = datetime.now(UTC)
    counts = await tick(db, settings, start)
    # the first customer's creation failed once; its update waits; the other customer is not held up
    assert counts["retry"] == 1
    names = [(r.json["type"], r.json["data"]["customer"]["name"]) for r in receiver.received]
    assert names == [("customer.created", "First Renamed"), ("customer.created", "Other")]
    await tick(db, settings, start + WAITS[0] / 2)
    assert len(receiver.received) == 2  # not due yet
    await tick(db, settings, start + WAITS[0] + timedelta(seconds=1))
    delivered = [(r.json["data"]["entityId"], r.json["type"], r.json["data"]["sequence"]) for r in receiver.received]
    first_id = to_global_id("Customer", first)
    assert [d for d in delivered if d[0] == first_id] == [
        (first_id, "customer.created", 1),
        (first_id, "customer.created", 1),
        (first_id, "customer.updated", 2),
    ]
    assert (to_global_id("Customer", other), "customer.created", 1) in delivered
    # a retry carries the same event id: receivers drop copies by it
    ids = [r.headers["webhook-id"] for r in receiver.received if r.json["data"]["entityId"] == first_id]
    assert ids[0] == ids[1] != ids[2]


async def test_an_endpoint_that_keeps_failing_is_paused_its_owner_told_and_resumed_in_order(
    db: Database, settings: Settings, admin: GraphQLClient, receiver: Receiver
) -> None:
    token = await integration_token(db, "erp@demo.example", ("integrator",))
    endpoint_id, _ = await subscribe(admin, receiver.url, ["customer.created", "customer.updated"], token)
    receiver.default = 503
    customer = await new_customer(db)
    at = datetime.now(UTC)
    await tick(db, settings, at)
    for wait in WAITS:
        at += wait + timedelta(seconds=1)
        await tick(db, settings, at)
    assert len(receiver.received) == MAX_ATTEMPTS
    await rename(db, customer, 1, "Acme Renamed")  # queued for the paused endpoint, not sent
    await tick(db, settings, at + timedelta(days=1))
    assert len(receiver.received) == MAX_ATTEMPTS
    endpoint, _ = await endpoint_state(admin, endpoint_id)
    assert endpoint["pausedAt"] is not None
    assert "503" in endpoint["pauseReason"]
    assert (endpoint["pendingCount"], endpoint["deliveredCount"], endpoint["failedCount"]) == (1, 0, 1)
    notes = await admin("{ notifications(first: 10) { nodes { kind title } } }")
    assert [n["kind"] for n in notes["data"]["notifications"]["nodes"]] == ["webhook_paused"]

    receiver.default = 204
    resumed = await admin(
        "mutation($i: WebhookEndpointPauseInput!) { webhookEndpointPause(input: $i) { webhookEndpoint { pausedAt } } }",
        {"i": {"id": endpoint_id, "paused": False}},
    )
    assert resumed["data"]["webhookEndpointPause"]["webhookEndpoint"]["pausedAt"] is None
    await tick(db, settings, at + timedelta(days=2))
    assert receiver.types()[-2:] == ["customer.created", "customer.updated"]
    endpoint, _ = await endpoint_state(admin, endpoint_id)
    assert (endpoint["pendingCount"], endpoint["deliveredCount"], endpoint["failedCount"]) == (0, 2, 0)


async def test_a_delivery_is_replayed_with_its_event_id_and_the_try_logged(
    db: Database, settings: Settings, admin: GraphQLClient, receiver: Receiver
) -> None:
    token = await integration_token(db, "erp@demo.example", ("integrator",))
    endpoint_id, secret = await subscribe(admin, receiver.url, ["customer.created"], token)
    await new_customer(db)
    await tick(db, settings, datetime.now(UTC))
    _, [delivery] = await endpoint_state(admin, endpoint_id)
    assert Webhook(secret).verify(delivery["payload"].encode(), receiver.received[0].headers)["type"] == (
        "customer.created"
    )
    replayed = await admin(
        "mutation($i: WebhookDeliveryReplayInput!) { webhookDeliveryReplay(input: $i) {"
        " webhookDelivery { status attemptLog { statusCode replay } } userErrors { code } } }",
        {"i": {"id": delivery["id"]}},
    )
    payload = replayed["data"]["webhookDeliveryReplay"]
    assert payload["userErrors"] == []
    assert payload["webhookDelivery"]["attemptLog"] == [
        {"statusCode": 200, "replay": False},
        {"statusCode": 200, "replay": True},
    ]
    first, again = receiver.received
    assert first.headers["webhook-id"] == again.headers["webhook-id"]
    assert first.body == again.body
    Webhook(secret).verify(again.body, again.headers)


async def test_an_integration_hears_only_of_what_its_user_may_see(
    db: Database, settings: Settings, admin: GraphQLClient, receiver: Receiver
) -> None:
    async with db.write() as session:
        admin_principal = await acting_as(session, "admin@demo.example")
        rep = await acting_as(session, "rep@demo.example")
        assert admin_principal is not None
        assert rep is not None
        issued = await create_api_token(
            session, name="rep's sync", user_id=rep.user_id, created_by=admin_principal, expires_at=None
        )
    await subscribe(admin, receiver.url, ["customer.created"], issued.token.id)
    await new_customer(db, "Mine", owner="rep@demo.example")
    await new_customer(db, "Theirs", owner="rep2@demo.example")
    counts = await tick(db, settings, datetime.now(UTC))
    assert [r.json["data"]["customer"]["name"] for r in receiver.received] == ["Mine"]
    assert counts["hidden"] == 1


async def test_two_workers_send_each_delivery_once(
    db: Database, settings: Settings, admin: GraphQLClient, receiver: Receiver
) -> None:
    token = await integration_token(db, "erp@demo.example", ("integrator",))
    await subscribe(admin, receiver.url, ["customer.created", "customer.updated"], token)
    for i in range(6):
        customer = await new_customer(db, f"Customer {i}")
        await rename(db, customer, 1, f"Customer {i} renamed")
    now = datetime.now(UTC)
    await asyncio.gather(tick(db, settings, now), tick(db, settings, now))
    await tick(db, settings, now)  # what one skipped while the other held it
    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert len(ids) == 12
    assert len(set(ids)) == 12
    per_customer: dict[str, list[int]] = {}
    for r in receiver.received:
        per_customer.setdefault(r.json["data"]["entityId"], []).append(r.json["data"]["sequence"])
    assert all(sequence == [1, 2] for sequence in per_customer.values())
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(WebhookAttempt)) == 12
        assert await session.scalar(select(func.count()).select_from(WebhookDelivery)) == 12


async def test_endpoints_refuse_bad_input_and_change_nothing(
    db: Database, admin: GraphQLClient, receiver: Receiver
) -> None:
    token = await integration_token(db, "erp@demo.example", ("integrator",))
    good = {"name": "ERP", "url": receiver.url, "events": ["customer.created"]}
    cases = [
        ({**good, "url": "ftp://example.com/x"}, "url"),
        ({**good, "url": "http://user:pw@example.com/x"}, "url"),
        ({**good, "events": ["customer.exploded"]}, "events"),
        ({**good, "events": []}, "events"),
        ({**good, "name": "  "}, "name"),
    ]
    for values, field in cases:
        body = await admin(CREATE, {"i": {**values, "apiTokenId": to_global_id("ApiToken", token)}})
        payload = body["data"]["webhookEndpointCreate"]
        assert [e["field"] for e in payload["userErrors"]] == [field], values
        assert payload["secret"] is None
    async with db.write() as session:
        admin_principal = await acting_as(session, "admin@demo.example")
        assert admin_principal is not None
        await revoke_api_token(session, token, admin_principal)
    body = await admin(CREATE, {"i": {**good, "apiTokenId": to_global_id("ApiToken", token)}})
    assert [e["field"] for e in body["data"]["webhookEndpointCreate"]["userErrors"]] == ["apiTokenId"]
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0


async def test_other_roles_cannot_see_or_manage_webhooks(gql: GraphQLClient) -> None:
    await gql.login("manager@demo.example")
    body = await gql("{ webhookEndpoints { id url } }")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await gql(CREATE, {"i": {"name": "x", "url": "http://127.0.0.1/x", "events": [], "apiTokenId": "x"}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_an_endpoint_whose_url_cannot_be_sent_to_fails_its_tries_and_holds_up_no_other(
    db: Database, settings: Settings, admin: GraphQLClient, receiver: Receiver
) -> None:
    token = await integration_token(db, "erp@demo.example", ("integrator",))
    broken_id, _ = await subscribe(admin, receiver.url, ["customer.created"], token)
    await subscribe(admin, receiver.url, ["customer.created"], token)
    _, raw_id = from_global_id(broken_id)
    async with db.write() as session:  # as an older release could have saved it
        await session.execute(
            text("UPDATE webhook_endpoint SET url = 'https://example.com:99999/x' WHERE id = :id"), {"id": raw_id}
        )
    await new_customer(db)
    counts = await tick(db, settings, datetime.now(UTC))
    assert (counts["delivered"], counts["retry"], counts["errors"]) == (1, 1, 0)
    assert len(receiver.received) == 1
    _, [delivery] = await endpoint_state(admin, broken_id)
    assert delivery["status"] == "PENDING"
    assert delivery["attemptLog"][0]["statusCode"] is None


async def test_urls_that_are_no_urls_are_refused(db: Database, admin: GraphQLClient) -> None:
    token = await integration_token(db, "erp@demo.example", ("integrator",))
    for url in ("https://example.com:abc/", "https://example.com:99999/", "https://exa mple.com/", "https:///x"):
        body = await admin(
            CREATE,
            {
                "i": {
                    "name": "x",
                    "url": url,
                    "events": ["customer.created"],
                    "apiTokenId": to_global_id("ApiToken", token),
                }
            },
        )
        assert [e["field"] for e in body["data"]["webhookEndpointCreate"]["userErrors"]] == ["url"], url


@pytest.mark.parametrize(
    ("address", "forbidden"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("169.254.169.254", True),
        ("100.100.100.200", True),  # shared address space: a cloud's metadata service
        ("::ffff:127.0.0.1", True),
        ("::1", True),
        ("fd00::1", True),
        ("2002:7f00:1::", True),  # 6to4 of 127.0.0.1
        ("0.0.0.0", True),  # noqa: S104 (an address refused, not bound)
        ("8.8.8.8", False),
        ("2606:4700:4700::1111", False),
    ],
)
def test_webhooks_reach_only_public_addresses_in_production(address: str, forbidden: bool) -> None:
    from rapport.integrations.service import _forbidden

    assert _forbidden(address) is forbidden


async def test_a_later_event_cannot_be_replayed_before_an_earlier_one_is_delivered(
    db: Database, settings: Settings, admin: GraphQLClient, receiver: Receiver
) -> None:
    token = await integration_token(db, "erp@demo.example", ("integrator",))
    endpoint_id, _ = await subscribe(admin, receiver.url, ["customer.created", "customer.updated"], token)
    receiver.answers = [500]
    customer = await new_customer(db)
    await rename(db, customer, 1, "Acme Renamed")
    await tick(db, settings, datetime.now(UTC))
    _, deliveries = await endpoint_state(admin, endpoint_id)
    later = next(d for d in deliveries if d["sequence"] == 2)
    body = await admin(
        "mutation($i: WebhookDeliveryReplayInput!) { webhookDeliveryReplay(input: $i) { userErrors { field } } }",
        {"i": {"id": later["id"]}},
    )
    assert body["data"]["webhookDeliveryReplay"]["userErrors"] == [{"field": "id"}]
    assert len(receiver.received) == 1


async def test_a_revoked_token_stops_what_was_queued_for_it(
    db: Database, settings: Settings, admin: GraphQLClient, receiver: Receiver
) -> None:
    token = await integration_token(db, "erp@demo.example", ("integrator",))
    endpoint_id, _ = await subscribe(admin, receiver.url, ["customer.created"], token)
    receiver.answers = [500]
    await new_customer(db)
    at = datetime.now(UTC)
    await tick(db, settings, at)  # dispatched, first try failed
    async with db.write() as session:
        admin_principal = await acting_as(session, "admin@demo.example")
        assert admin_principal is not None
        await revoke_api_token(session, token, admin_principal)
    await tick(db, settings, at + WAITS[0] + timedelta(seconds=1))
    assert len(receiver.received) == 1
    endpoint, _ = await endpoint_state(admin, endpoint_id)
    assert "API token" in endpoint["pauseReason"]
    shown = await admin("{ webhookEndpoints { pauseReason } }", headers={"accept-language": "zh-CN"})
    assert "API 令牌已失效" in shown["data"]["webhookEndpoints"][0]["pauseReason"]


async def test_erasing_a_data_subject_erases_its_queued_and_past_deliveries(
    db: Database, settings: Settings, admin: GraphQLClient, receiver: Receiver
) -> None:
    token = await integration_token(db, "erp@demo.example", ("integrator",))
    endpoint_id, _ = await subscribe(admin, receiver.url, ["customer.created"], token)
    customer_id = await new_customer(db, "Erase Me Co")
    await tick(db, settings, datetime.now(UTC))
    erased = await admin(
        "mutation($i: DataSubjectEraseInput!) { dataSubjectErase(input: $i) { userErrors { field message } } }",
        {"i": {"customerId": to_global_id("Customer", customer_id), "confirmName": "Erase Me Co"}},
    )
    assert erased["data"]["dataSubjectErase"]["userErrors"] == [], erased
    _, deliveries = await endpoint_state(admin, endpoint_id)
    assert deliveries == []
    async with db.read() as session:
        assert (
            await session.scalar(
                select(func.count()).select_from(DomainEvent).where(DomainEvent.entity_id == customer_id)
            )
            == 0
        )


async def test_an_event_that_reveals_a_field_reaches_only_integrations_that_read_it(
    db: Database, settings: Settings, admin: GraphQLClient, receiver: Receiver
) -> None:
    """`customer.churn_risk_high` says a customer's churn risk is high: an integration whose user may not read
    `Customer.churnRisk` (the integrator role) does not hear it, one that may (an analyst) does."""
    from rapport.analytics.churn.score import Scored, store_scores
    from rapport.core import clock

    blind = await integration_token(db, "blind-sync@test.example", ("integrator",))
    seeing = await integration_token(db, "bi-sync@test.example", ("analyst",))
    await subscribe(admin, receiver.url + "/blind", ["customer.churn_risk_high"], blind)
    await subscribe(admin, receiver.url + "/seeing", ["customer.churn_risk_high"], seeing)
    customer_id = await new_customer(db, "At Risk Co")
    for probability in (0.2, 0.9):  # the model's first pass, then a crossing into high risk
        async with db.write() as session:
            await store_scores(
                session, [Scored(customer_id, probability, [])], now=clock.now(), run_id=None, small_data=False
            )
    counts = await tick(db, settings, datetime.now(UTC))
    assert [r.path.rsplit("/", 1)[-1] for r in receiver.received] == ["seeing"]
    assert counts["hidden"] == 1
