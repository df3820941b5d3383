"""`Idempotency-Key` on mutations: retries answer the first result and never run the mutation twice."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import func, select, text

from rapport.core import clock, idempotency
from rapport.core.db import Database
from rapport.core.errors import ConflictError
from rapport.customers.models import Customer
from rapport.identity.service import acting_as, create_api_token, create_user

pytestmark = pytest.mark.usefixtures("demo")

CREATE = "mutation Create($i: CustomerCreateInput!) { customerCreate(input: $i) { customer { id name } userErrors { code } } }"


async def integration(db: Database, email: str = "erp@demo.example") -> str:
    """An integrator user's API token secret."""
    async with db.write() as session:
        admin = await acting_as(session, "admin@demo.example")
        assert admin is not None
        user = await create_user(session, email=email, name=email, password=None, roles=["integrator"])
        issued = await create_api_token(session, name=email, user_id=user.id, created_by=admin, expires_at=None)
        return issued.secret


async def post(
    client: httpx.AsyncClient, token: str, key: str | None, name: str, query: str = CREATE
) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"}
    if key is not None:
        headers["idempotency-key"] = key
    return await client.post("/graphql", json={"query": query, "variables": {"i": {"name": name}}}, headers=headers)


async def customers_named(db: Database, name: str) -> int:
    async with db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(Customer).where(Customer.name == name)) or 0)


def code_of(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


async def test_a_retry_answers_the_first_result_byte_for_byte(client: httpx.AsyncClient, db: Database) -> None:
    token = await integration(db)
    first = await post(client, token, "order-4711", "Keyed Co")
    again = await post(client, token, "order-4711", "Keyed Co")
    assert first.status_code == again.status_code == 200
    assert first.json()["data"]["customerCreate"]["customer"]["name"] == "Keyed Co"
    assert again.content == first.content
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert await customers_named(db, "Keyed Co") == 1
    # without a key, the same request runs again; another key is another request
    await post(client, token, None, "Keyed Co")
    await post(client, token, "order-4712", "Keyed Co")
    assert await customers_named(db, "Keyed Co") == 3


async def test_the_same_key_with_another_request_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, db: Database
) -> None:
    token = await integration(db)
    await post(client, token, "k-1", "First Co")
    other = await post(client, token, "k-1", "Second Co")
    assert code_of(other) == "BAD_USER_INPUT"
    assert "different request" in other.json()["errors"][0]["message"]
    in_chinese = await client.post(
        "/graphql",
        json={"query": CREATE, "variables": {"i": {"name": "Second Co"}}},
        headers={"authorization": f"Bearer {token}", "idempotency-key": "k-1", "accept-language": "zh-CN"},
    )
    assert "已用于另一个请求" in in_chinese.json()["errors"][0]["message"]
    assert await customers_named(db, "Second Co") == 0
    # the same variables in another key order are the same request
    reordered = await client.post(
        "/graphql",
        content=orjson.dumps({"variables": {"i": {"name": "First Co"}}, "query": CREATE}),
        headers={"authorization": f"Bearer {token}", "idempotency-key": "k-1", "content-type": "application/json"},
    )
    assert reordered.headers["idempotent-replayed"] == "true"


async def test_twenty_concurrent_retries_create_exactly_one_row(client: httpx.AsyncClient, db: Database) -> None:
    token = await integration(db)
    answers = await asyncio.gather(*(post(client, token, "burst-1", "Burst Co") for _ in range(20)))
    assert await customers_named(db, "Burst Co") == 1
    created = [a for a in answers if "data" in a.json() and a.json()["data"]]
    refused = [a for a in answers if a not in created]
    assert created
    assert all(a.content == created[0].content for a in created)
    assert all(code_of(a) == "CONFLICT" for a in refused)
    # once the first has answered, every retry gets its answer
    late = await post(client, token, "burst-1", "Burst Co")
    assert late.content == created[0].content


async def test_keys_are_each_callers_own(client: httpx.AsyncClient, db: Database) -> None:
    erp = await integration(db, "erp@demo.example")
    shop = await integration(db, "shop@demo.example")
    await post(client, erp, "shared", "ERP Co")
    theirs = await post(client, shop, "shared", "Shop Co")
    assert theirs.json()["data"]["customerCreate"]["customer"]["name"] == "Shop Co"
    assert await customers_named(db, "Shop Co") == 1


async def test_bad_keys_and_queries(client: httpx.AsyncClient, db: Database) -> None:
    token = await integration(db)
    for key in ("x" * 256, "\u5ba2\u6237"):
        refused = await client.post(
            "/graphql",
            json={"query": CREATE, "variables": {"i": {"name": "Bad Key Co"}}},
            headers={"authorization": f"Bearer {token}".encode(), "idempotency-key": key.encode()},
        )
        assert code_of(refused) == "BAD_USER_INPUT"
    assert await customers_named(db, "Bad Key Co") == 0
    # a query with a key is simply answered (nothing is stored)
    read = await client.post(
        "/graphql",
        json={"query": "{ viewer { email } }"},
        headers={"authorization": f"Bearer {token}", "idempotency-key": "q"},
    )
    assert read.json()["data"]["viewer"]["email"] == "erp@demo.example"
    async with db.read() as session:
        assert await session.scalar(text("SELECT count(*) FROM idempotency_key")) == 0


async def _held_key(db: Database, token_user: str, key: str, *, committed: bool, age: timedelta) -> None:
    """A key an earlier request holds: created `age` ago, committed or not, with no answer."""
    async with db.write() as session:
        user = await acting_as(session, token_user)
        assert user is not None
        fingerprint = bytes(32)  # replaced below by the real request's fingerprint
        await session.execute(
            text(
                "INSERT INTO idempotency_key (id, user_id, key, fingerprint, created_at, expires_at, committed_at) "
                "VALUES (:id, :user, :key, :fp, :at, :expires, :committed)"
            ),
            {
                "id": uuid.uuid4(),
                "user": user.user_id,
                "key": key,
                "fp": fingerprint,
                "at": clock.now() - age,
                "expires": clock.now() - age + idempotency.LIFETIME,
                "committed": clock.now() - age if committed else None,
            },
        )


async def test_a_request_that_died_before_its_change_frees_its_key_and_one_that_changed_does_not(
    client: httpx.AsyncClient, db: Database
) -> None:
    from rapport.graphql.http import GraphQLRequest
    from rapport.graphql.idempotency import fingerprint

    token = await integration(db)
    printed = fingerprint(
        GraphQLRequest(query=CREATE, operation_name=None, variables={"i": {"name": "Died Co"}}, extensions=None)
    )
    for key, committed, age in (("died", False, timedelta(minutes=3)), ("changed", True, timedelta(minutes=3))):
        await _held_key(db, "erp@demo.example", key, committed=committed, age=age)
        async with db.write() as session:
            await session.execute(text("UPDATE idempotency_key SET fingerprint = :fp"), {"fp": printed})
    died = await post(client, token, "died", "Died Co")
    assert died.json()["data"]["customerCreate"]["customer"]["name"] == "Died Co"
    lost = await post(client, token, "changed", "Died Co")
    assert code_of(lost) == "CONFLICT"
    assert "answer was lost" in lost.json()["errors"][0]["message"]
    assert await customers_named(db, "Died Co") == 1


async def test_a_request_whose_key_was_taken_over_changes_nothing(db: Database) -> None:
    """The mutation's unit of work checks that it still holds its key; a retry that took it over runs instead."""

    async def late_commit() -> Any:
        async with db.write() as session:
            await session.execute(text("UPDATE customer SET industry = 'late' WHERE false"))
            await idempotency.mark_committed(session, uuid.uuid4(), clock.now())

    with pytest.raises(ConflictError, match="took over"):
        await late_commit()
