"""The customer tally (`customer_tally`, kept by triggers: migration 0023) is always the count that `customerGroups`
makes from the customers themselves, with the live path's own dimension expressions: after generated sequences of
statements of every kind (one row and many at once: new customers, owners and teams moved, every dimension changed,
archives, merges, deletions, scores added, re-segmented and removed, a truncation of the scores), and when two
transactions move the same customer at once. Over GraphQL, every role's groups by every tallied dimension answer
as the resolvers count them, and read the tally exactly when the role's row scope is own, team or all."""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, literal, select, text, union_all

from rapport.app import create_app
from rapport.config import Settings
from rapport.core.authz.policy import Scope, current
from rapport.core.db import Database
from rapport.customers.models import Customer, CustomerScore, customer_tally
from rapport.customers.repository.analysis import TALLIED, dimension_column
from rapport.customers.repository.scopes import visible_tally
from rapport.identity.demo import DEMO_USERS
from tests import factories
from tests.conftest import both_paths, compiled_sql, wait_for_lock

Counts = dict[tuple[str, str | None, uuid.UUID | None, uuid.UUID | None], int]
VALUES = {
    "province": ["上海市", "浙江省", "北京市", None],
    "city": ["杭州市", "Pudong", None],
    "industry": ["retail", "manufacturing", None],
    "grade": ["A", "B", "C", None],
    "status": ["active", "prospect", "dormant"],
    "kind": ["company", "person"],
    "gender": ["female", "male", None],
    "occupation": ["engineer", None],
    "education": ["bachelor", None],
    "marital_status": ["married", None],
    "source": ["referral", "web", None],
}
ARCHIVED = datetime(2026, 1, 1, tzinfo=UTC)
SEGMENTS = ["champion", "loyal", "at_risk", "new", "hibernating"]


async def _stored(db: Database) -> Counts:
    async with db.read() as session:
        rows = await session.execute(select(customer_tally))
        found = {(r.dimension, r.key, r.owner_id, r.team_id): r.customers for r in rows}
    assert all(n >= 0 for n in found.values()), "a negative count"
    return {k: n for k, n in found.items() if n}


async def _counted(db: Database) -> Counts:
    """Every tallied dimension counted from the customers, with the live path's expressions (`dimension_column`)."""
    parts = []
    for dimension in sorted(TALLIED):
        key = dimension_column(dimension)
        parts.append(
            select(
                literal(dimension.value).label("dimension"),
                func.cast(key, customer_tally.c.key.type).label("key"),
                Customer.owner_id,
                Customer.team_id,
                func.count().label("customers"),
            )
            .select_from(Customer)
            .outerjoin(CustomerScore, CustomerScore.customer_id == Customer.id)
            .where(Customer.merged_into_id.is_(None), Customer.archived_at.is_(None))
            .group_by(key, Customer.owner_id, Customer.team_id)
        )
    async with db.read() as session:
        rows = await session.execute(union_all(*parts))
        return {(r.dimension, r.key, r.owner_id, r.team_id): r.customers for r in rows}


class World:
    """Customers of a few owners and teams, changed at random by raw statements (every path the triggers see)."""

    def __init__(self, db: Database, owners: list[tuple[uuid.UUID, uuid.UUID | None]], rng: random.Random) -> None:
        self.db, self.owners, self.rng = db, owners, rng
        self.customers: list[uuid.UUID] = []

    def _some(self, most: int = 5) -> list[uuid.UUID]:
        return self.rng.sample(self.customers, min(len(self.customers), self.rng.randint(1, most)))

    def _owner(self) -> tuple[uuid.UUID | None, uuid.UUID | None]:
        return self.rng.choice([*self.owners, (None, self.owners[0][1]), (None, None)])

    async def step(self, choice: int | None = None) -> str:
        rng = self.rng
        choice = rng.randrange(12) if choice is None else choice
        statements: list[tuple[str, dict[str, Any]]] = []
        if choice == 0 or len(self.customers) < 3:  # new customers, some archived or with no values at all
            for _ in range(rng.randint(1, 4)):
                owner, team = self._owner()
                values = {column: rng.choice(options) for column, options in VALUES.items()}
                new = uuid.uuid4()
                self.customers.append(new)
                statements.append(
                    (
                        "INSERT INTO customer (id, name, pool_status, search_tokens, version, created_at, updated_at,"
                        " owner_id, team_id, archived_at, " + ", ".join(VALUES) + ") VALUES (:id, 'Tally', 'private',"
                        " '{}', 1, now(), now(), :owner, :team, :archived, " + ", ".join(f":{c}" for c in VALUES) + ")",
                        {
                            "id": new,
                            "owner": owner,
                            "team": team,
                            "archived": rng.choice([None, None, None, ARCHIVED]),
                            **values,
                        },
                    )
                )
            choice = 0
        elif choice == 1:  # owners and teams moved, one or several at once
            owner, team = self._owner()
            statements.append(
                (
                    "UPDATE customer SET owner_id = :o, team_id = :t WHERE id = ANY(:ids)",
                    {"o": owner, "t": team, "ids": self._some()},
                )
            )
        elif choice == 2:  # a dimension changed (to a value, to none, or to the same value)
            column = rng.choice(list(VALUES))
            statements.append(
                (
                    f"UPDATE customer SET {column} = :v WHERE id = ANY(:ids)",
                    {"v": rng.choice(VALUES[column]), "ids": self._some()},
                )
            )
        elif choice == 3:  # archived or restored
            statements.append(
                (
                    "UPDATE customer SET archived_at = CASE WHEN archived_at IS NULL THEN now() END WHERE id = ANY(:ids)",
                    {"ids": self._some(2)},
                )
            )
        elif choice == 4:  # merged into another
            into, *gone = self._some(3)
            statements.append(
                ("UPDATE customer SET merged_into_id = :into WHERE id = ANY(:ids)", {"into": into, "ids": gone})
            )
        elif choice == 5:  # deleted (their scores go by the cascade)
            gone = self._some(2)
            self.customers = [c for c in self.customers if c not in gone]
            statements.append(("DELETE FROM customer WHERE id = ANY(:ids)", {"ids": gone}))
        elif choice == 6:  # scored
            statements.append(
                (
                    "INSERT INTO customer_score (customer_id, frequency, monetary, segment, lifetime_value, computed_at)"
                    " SELECT c, 1, 1, :s, 1, now() FROM unnest(CAST(:ids AS uuid[])) AS c ON CONFLICT DO NOTHING",
                    {"s": rng.choice(SEGMENTS), "ids": self._some()},
                )
            )
        elif choice == 7:  # re-segmented (some to the segment they had)
            statements.append(
                (
                    "UPDATE customer_score SET segment = :s WHERE customer_id = ANY(:ids)",
                    {"s": rng.choice(SEGMENTS), "ids": self._some()},
                )
            )
        elif choice == 8:  # scores removed
            statements.append(("DELETE FROM customer_score WHERE customer_id = ANY(:ids)", {"ids": self._some(2)}))
        elif choice == 9:  # changes that count for nothing
            statements.append(
                (
                    "UPDATE customer SET name = name || '.', last_activity_at = now() WHERE id = ANY(:ids)",
                    {"ids": self._some()},
                )
            )
            statements.append(("UPDATE customer_score SET monetary = monetary + 1", {}))
        elif choice == 10:  # several kinds in one transaction: moved, re-segmented, then moved back
            ids = self._some()
            owner, team = self._owner()
            statements.append(
                (
                    "UPDATE customer SET owner_id = :o, team_id = :t WHERE id = ANY(:ids)",
                    {"o": owner, "t": team, "ids": ids},
                )
            )
            statements.append(
                (
                    "UPDATE customer_score SET segment = :s WHERE customer_id = ANY(:ids)",
                    {"s": rng.choice(SEGMENTS), "ids": ids},
                )
            )
            statements.append(
                ("UPDATE customer SET grade = :g WHERE id = ANY(:ids)", {"g": rng.choice(VALUES["grade"]), "ids": ids})
            )
        else:  # every customer at once (more than the per-customer locks cover)
            owner, team = self._owner()
            statements.append(
                (
                    "UPDATE customer SET owner_id = :o, team_id = :t, province = :p",
                    {"o": owner, "t": team, "p": rng.choice(VALUES["province"])},
                )
            )
        async with self.db.engine.begin() as conn:
            for sql, values in statements:
                await conn.execute(text(sql), values)
        return str(choice)


async def _owners(db: Database) -> list[tuple[uuid.UUID, uuid.UUID | None]]:
    async with db.read() as session:
        rows = await session.execute(text("SELECT id, team_id FROM app_user WHERE email LIKE '%@demo.example'"))
        return [(r.id, r.team_id) for r in rows][:4]


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_the_tally_is_always_the_count_of_the_customers(db: Database, demo: dict[str, Any], seed: int) -> None:
    world = World(db, await _owners(db), random.Random(seed))
    done: list[str] = []
    for given in [0, 0, 0, 6, 6, *[None] * 70]:
        done.append(await world.step(given))
        assert await _stored(db) == await _counted(db), f"after steps {done}"
    assert len(set(done)) == 12, f"some kind of statement never ran: {sorted(set(done))}"
    assert any(k[0] == "rfm_segment" and k[1] != "none" for k in await _stored(db)), "no segment counted"
    async with db.engine.begin() as conn:
        await conn.execute(text("TRUNCATE customer_score"))
    assert await _stored(db) == await _counted(db), "after the scores' truncation"
    async with db.engine.begin() as conn:  # counts gone wrong (e.g. changes with the triggers disabled), rebuilt
        await conn.execute(text("UPDATE customer_tally SET customers = customers + 5 WHERE dimension = 'grade'"))
        await conn.execute(text("SELECT customer_tally_rebuild()"))
    assert await _stored(db) == await _counted(db), "after a rebuild"
    async with db.engine.begin() as conn:
        await conn.execute(text("TRUNCATE customer CASCADE"))
    assert await _stored(db) == {}


@pytest.mark.parametrize("first", ["owner", "segment"])
async def test_two_transactions_moving_one_customer_leave_the_right_counts(
    db: Database, demo: dict[str, Any], first: str
) -> None:
    """T1 moves the customer (to another owner, or to another segment) and holds its transaction; T2 does the other
    move, each trigger reading the other's table: T2 waits for T1's lock of the customer, then reads what T1
    committed. The counts are the customers' in either order."""
    rep, rep2 = await factories.principal(db, "rep@demo.example"), await factories.principal(db, "rep2@demo.example")
    customer = (await factories.customer(db, rep, "Race Co")).id
    async with db.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO customer_score (customer_id, frequency, monetary, segment, lifetime_value, computed_at)"
                " VALUES (:c, 1, 1, 'loyal', 1, now())"
            ),
            {"c": customer},
        )
    owner = (
        "UPDATE customer SET owner_id = :o, team_id = :t WHERE id = :c",
        {"o": rep2.user_id, "t": rep2.team_id, "c": customer},
    )
    segment = ("UPDATE customer_score SET segment = 'at_risk' WHERE customer_id = :c", {"c": customer})
    one_sql, two_sql = (owner, segment) if first == "owner" else (segment, owner)
    async with db.engine.connect() as one_conn, db.engine.connect() as two_conn:
        one = await one_conn.begin()
        await one_conn.execute(text(one_sql[0]), one_sql[1])
        two = await two_conn.begin()
        backend = (await two_conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        moving = asyncio.create_task(two_conn.execute(text(two_sql[0]), two_sql[1]))
        await wait_for_lock(db, backend)  # T2 waits for T1 (the customer's tally lock)
        await one.commit()
        await moving
        await two.commit()
    stored = await _stored(db)
    assert stored == await _counted(db)
    assert stored[("rfm_segment", "at_risk", rep2.user_id, rep2.team_id)] == 1
    assert ("rfm_segment", "loyal", rep.user_id, rep.team_id) not in stored


#: A filter every counted customer matches (its status is one of these), so its groups are counted from the rows:
#: the same answer as the tally's, computed without it.
EVERY_STATUS = "filter: { statuses: [PROSPECT, ACTIVE, DORMANT, LOST] }, "


def _groups(revenue: bool, live: bool = False) -> str:
    """Every tallied dimension grouped, with the revenue of a period or without it (`live`: through a filter that
    keeps every customer, which counts from the rows instead of the tally)."""
    period, field = (f'revenueFrom: "{PERIOD.isoformat()}", ', " revenue") if revenue else ("", "")
    period = (EVERY_STATUS if live else "") + period
    roots = "\n".join(
        f"  {d.value}: customerGroups({period}by: {d.name}) {{ total groups {{ key customers share{field} }} "
        "largest { key } }"
        for d in sorted(TALLIED)
    )
    return f"query Groups {{\n{roots}\n}}"


PERIOD = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize("revenue", [False, True], ids=["counts", "revenue"])
@pytest.mark.parametrize("email", sorted(u.email for u in DEMO_USERS))
async def test_every_role_counts_every_tallied_dimension_as_the_resolvers_do(
    settings: Settings, db: Database, demo: dict[str, Any], email: str, revenue: bool
) -> None:
    """Counts, and revenue in a period (orders before and inside it, paid and cancelled, of counted customers and
    of an archived one)."""
    rep, rep2 = await factories.principal(db, "rep@demo.example"), await factories.principal(db, "rep2@demo.example")
    rng = random.Random(7)
    for i in range(12):
        values = {c: rng.choice(o) for c, o in VALUES.items() if c not in ("status", "kind")}
        created = await factories.customer(db, rep if i % 3 else rep2, f"Groups {i}", **values)
        amounts = [f"{rng.randint(1, 500)}.{rng.randint(0, 99):02d}" for _ in range(1 + i % 2)]
        start = PERIOD + timedelta(days=rng.choice([-40, 2]))
        await factories.orders(db, created.id, amounts, start=start, step=timedelta(days=20))
        await factories.orders(db, created.id, ["9.99"], start=PERIOD, step=timedelta(0), status="cancelled")
        if i == 11:
            async with db.engine.begin() as conn:
                await conn.execute(text("UPDATE customer SET archived_at = now() WHERE id = :c"), {"c": created.id})
        if i % 4 == 0:
            async with db.engine.begin() as conn:
                await conn.execute(
                    text(
                        "INSERT INTO customer_score (customer_id, frequency, monetary, segment, lifetime_value,"
                        " computed_at) VALUES (:c, 1, 1, :s, 1, now())"
                    ),
                    {"c": created.id, "s": rng.choice(SEGMENTS)},
                )
    async with both_paths(settings, db, email) as paths:
        expected = await paths.slow(_groups(revenue))
        served = paths.served
        answer = await paths.fast(_groups(revenue))
        assert answer == expected
        refused = "errors" in expected  # the service roles: refused alike on both paths
        assert paths.served == served + (0 if refused else 1), "not compiled"
        if revenue and not refused:
            assert any(g["revenue"] != "0" for g in answer["data"]["grade"]["groups"]), "no revenue: a weak check"
        if not refused:  # both paths read the tally: hold it to the groups counted from the rows
            assert await paths.fast(_groups(revenue, live=True)) == answer
    principal = await factories.principal(db, email)
    related = Scope.RELATED in current().for_roles(principal.roles).scope("Customer")
    assert (visible_tally(principal) is None) == related, email
    if not refused:
        sql = await compiled_sql(create_app(settings, database=db), principal, _groups(revenue), "Groups", {})
        assert ("FROM customer_tally" in sql) == (not related), email


LISTS = """query Lists {
  all: customers(first: 5) { totalCount nodes { id } }
  graded: customers(first: 5, filter: { grades: [A] }) { totalCount }
  every: customers(first: 5, filter: { statuses: [PROSPECT, ACTIVE, DORMANT, LOST] }) { totalCount }
  found: customers(first: 5, search: "Groups") { totalCount }
}"""


@pytest.mark.parametrize("email", sorted(u.email for u in DEMO_USERS))
async def test_every_role_counts_its_customer_list_as_the_resolvers_do(
    settings: Settings, db: Database, demo: dict[str, Any], email: str
) -> None:
    """The customer list's `totalCount`: from the tally without a filter or a search (archived, merged and other
    owners' customers left out as the rows are), from the rows with either."""
    rep, rep2 = await factories.principal(db, "rep@demo.example"), await factories.principal(db, "rep2@demo.example")
    made = [await factories.customer(db, rep if i % 3 else rep2, f"Groups {i}", grade="AB"[i % 2]) for i in range(9)]
    async with db.engine.begin() as conn:
        await conn.execute(text("UPDATE customer SET archived_at = now() WHERE id = :c"), {"c": made[1].id})
        await conn.execute(
            text("UPDATE customer SET merged_into_id = :i WHERE id = :c"), {"i": made[4].id, "c": made[2].id}
        )
    async with both_paths(settings, db, email) as paths:
        expected = await paths.slow(LISTS)
        served = paths.served
        answer = await paths.fast(LISTS)
        assert answer == expected
        refused = "errors" in expected
        assert paths.served == served + (0 if refused else 1), "not compiled"
    if refused:
        return
    # Both paths read the tally's total: hold it to the rows counted through a filter that keeps every customer.
    assert answer["data"]["all"]["totalCount"] == answer["data"]["every"]["totalCount"]
    principal = await factories.principal(db, email)
    if email == "rep@demo.example":
        assert answer["data"]["all"]["totalCount"] == 4 and answer["data"]["graded"]["totalCount"] == 2
    sql = await compiled_sql(create_app(settings, database=db), principal, LISTS, "Lists", {})
    related = Scope.RELATED in current().for_roles(principal.roles).scope("Customer")
    assert sql.count("FROM customer_tally") == (0 if related else 1), email  # `every` counts the rows
