"""The tracking snippet: /t.js, and page views posted to /t/pv that identify a contact only with a valid token and
enroll them in page-view journeys."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.db import Database
from rapport.customers.service import customer_has_tag, primary_contact_ids
from rapport.marketing.journeys.executor import run_due
from rapport.marketing.journeys.models import Journey, JourneyEnrollment, PageView
from rapport.marketing.journeys.tracking import contact_of_token, contact_token
from rapport.marketing.journeys.triggers import page_view_entries
from tests.marketing.journey_world import T0, active_journey, customers_with_contacts, edge, node

PRODUCT = "https://shop.example/product/42?utm=x"


def _page_view_graph() -> dict[str, Any]:
    return {
        "nodes": [
            node("start", "trigger", kind="page_view", pattern="/product/"),
            node("tag", "tag_add", tags=["browsed"]),
        ],
        "edges": [edge("start", "tag")],
    }


async def _contact(db: Database) -> tuple[Any, Any]:
    (customer,) = await customers_with_contacts(db, 1, prefix="Visitor")
    async with db.read() as session:
        contact_id = (await primary_contact_ids(session, [customer.id]))[customer.id]
    return customer.id, contact_id


async def _views(db: Database) -> list[PageView]:
    async with db.read() as session:
        return list(await session.scalars(select(PageView)))


async def _enrollments(db: Database) -> list[JourneyEnrollment]:
    async with db.read() as session:
        return list(await session.scalars(select(JourneyEnrollment)))


def _tampered(token: str) -> str:
    last = "A" if token[-1] != "A" else "B"
    return token[:-1] + last


async def test_the_snippet_posts_to_this_server(client: httpx.AsyncClient) -> None:
    response = await client.get("/t.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/javascript")
    assert '"http://testserver/t/pv"' in response.text
    assert 'get("rpt")' in response.text and "localStorage" in response.text


async def test_a_page_view_with_a_valid_token_names_the_contact_and_starts_a_page_view_journey(
    client: httpx.AsyncClient, db: Database, demo: dict[str, Any]
) -> None:
    customer_id, contact_id = await _contact(db)
    await active_journey(db, _page_view_graph())
    body = {
        "url": PRODUCT,
        "title": "Tea",
        "referrer": "https://mail.example",
        "visitorId": "v1",
        "token": contact_token(contact_id),
    }
    response = await client.post("/t/pv", json=body)
    assert response.status_code == 204
    (view,) = await _views(db)
    assert (view.contact_id, view.customer_id, view.url, view.visitor_id) == (contact_id, customer_id, PRODUCT, "v1")
    (enrollment,) = await _enrollments(db)
    assert (enrollment.customer_id, enrollment.contact_id) == (customer_id, contact_id)
    # A second view does not enter the customer again (the journey does not allow re-entry).
    await client.post("/t/pv", json=body)
    assert len(await _enrollments(db)) == 1
    await run_due(db, T0.replace(year=2030))
    async with db.read() as session:
        assert await customer_has_tag(session, customer_id, "browsed")


async def test_a_tampered_token_identifies_nobody(
    client: httpx.AsyncClient, db: Database, demo: dict[str, Any]
) -> None:
    _, contact_id = await _contact(db)
    await active_journey(db, _page_view_graph())
    token = _tampered(contact_token(contact_id))
    assert contact_of_token(token) is None
    assert contact_of_token(contact_token(contact_id)) == contact_id
    response = await client.post("/t/pv", json={"url": PRODUCT, "visitorId": "v2", "token": token})
    assert response.status_code == 204
    (view,) = await _views(db)
    assert (view.contact_id, view.customer_id, view.visitor_id) == (None, None, "v2")
    assert await _enrollments(db) == []


async def test_page_views_from_sites_not_configured_are_refused_and_configured_ones_get_cors(
    client: httpx.AsyncClient, db: Database
) -> None:
    refused = await client.post(
        "/t/pv", json={"url": PRODUCT, "visitorId": "v"}, headers={"origin": "https://evil.example"}
    )
    assert refused.status_code == 403
    client_app = client._transport.app  # type: ignore[attr-defined]
    client_app.state.settings = client_app.state.settings.model_copy(
        update={"tracking_origins": ["https://shop.example"], "tracking_per_minute": 2}
    )
    allowed = await client.post(
        "/t/pv", json={"url": PRODUCT, "visitorId": "v"}, headers={"origin": "https://shop.example"}
    )
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == "https://shop.example"
    assert (await client.post("/t/pv", json={"url": PRODUCT, "visitorId": "v"})).status_code == 204
    limited = await client.post("/t/pv", json={"url": PRODUCT, "visitorId": "v"})
    assert limited.status_code == 429
    assert len(await _views(db)) == 2
    assert (await client.post("/t/pv", content=b"not json")).status_code == 400


async def test_the_snippet_names_the_public_address_whatever_host_a_request_claims(client: httpx.AsyncClient) -> None:
    # The script is cached by shared caches: an attacker's Host header must not end up in what others receive.
    client_app = client._transport.app  # type: ignore[attr-defined]
    client_app.state.settings = client_app.state.settings.model_copy(update={"public_url": "https://crm.example/"})
    response = await client.get("/t.js", headers={"host": "evil.example"})
    assert '"https://crm.example/t/pv"' in response.text
    assert "evil.example" not in response.text
    # The contact's token leaves the address bar once kept.
    assert 'params.delete("rpt")' in response.text and "history.replaceState" in response.text


async def test_an_oversized_page_view_is_refused_unread_and_stores_nothing(
    client: httpx.AsyncClient, db: Database
) -> None:
    padding = "x" * 9000

    async def chunks() -> Any:
        # Streamed without a Content-Length: the server stops reading past its limit.
        yield b'{"url": "https://shop.example/", "visitorId": "v", "title": "'
        for _ in range(5):
            yield padding.encode()
        yield b'"}'

    assert (await client.post("/t/pv", content=chunks())).status_code == 400
    declared = await client.post(
        "/t/pv", content=b'{"url": "https://shop.example/", "visitorId": "v"}', headers={"content-length": "100000"}
    )
    assert declared.status_code == 400
    assert await _views(db) == []


async def test_a_page_view_reads_only_the_journeys_it_matches(db: Database, demo: dict[str, Any]) -> None:
    customer_id, contact_id = await _contact(db)
    wanted = await active_journey(db, _page_view_graph())

    async def entries() -> tuple[int, set[Any]]:
        """Statements run, and journeys read, to enter the visitor for one page view (rolled back)."""
        executed: list[str] = []
        read: set[Any] = set()

        def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            executed.append(statement)

        def loaded(journey: Journey, context: Any) -> None:
            read.add(journey.id)

        event.listen(Journey, "load", loaded)
        try:
            async with db.engine.connect() as connection:
                event.listen(connection.sync_connection, "before_cursor_execute", count)
                async with AsyncSession(connection) as session, session.begin():
                    await page_view_entries(session, customer_id, contact_id, PRODUCT, T0)
                    await session.rollback()
        finally:
            event.remove(Journey, "load", loaded)
        return len(executed), read

    alone = await entries()
    other = {"nodes": [node("start", "trigger", kind="event", event="order.placed")], "edges": []}
    for pattern in ("/cart/", "/blog/", "/checkout/"):
        graph = _page_view_graph()
        graph["nodes"][0]["config"]["pattern"] = pattern
        await active_journey(db, graph)
    for _ in range(3):
        await active_journey(db, {**other, "nodes": [dict(other["nodes"][0])]})
    crowded = await entries()
    assert alone == crowded and crowded[1] == {wanted}
