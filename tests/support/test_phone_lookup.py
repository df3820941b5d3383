"""The service desk's phone lookup, as an attacker would try it, for every shipped role.

An exact whole-number match finds the caller and lets the one who looked them up open their service view and a
ticket for them, showing exactly what that role may see of a customer. It is no oracle: a fragment, a masked
number or its last four digits answer exactly like an unknown number; every lookup counts against a per-user
limit and is audited with the number hashed, never in clear; and it widens no other path.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from graphql import GraphQLNonNull, GraphQLObjectType, GraphQLSchema, get_named_type, is_leaf_type
from graphql.pyutils import Undefined
from sqlalchemy import select, text

from rapport.config import Settings
from rapport.core import clock
from rapport.core.audit import AuditEntry
from rapport.core.authz.masking import mask_phone
from rapport.core.authz.policy import DEFAULT_POLICY, Access, compile_rules, read_csv
from rapport.core.crypto import vault
from rapport.core.db import Database
from rapport.core.errors import RateLimitedError
from rapport.core.jobs import run_job
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from rapport.identity.service import create_user
from rapport.support.lookup import service as lookup
from rapport.support.models import CallerGrant, PhoneLookup
from tests import factories
from tests.conftest import GraphQLClient

USERS = {
    "sales_rep": "rep@demo.example",
    "sales_manager": "manager@demo.example",
    "sales_director": "director@demo.example",
    "service_agent": "agent@demo.example",
    "service_supervisor": "supervisor@demo.example",
    "marketing": "marketing@demo.example",
    "analyst": "analyst@demo.example",
    "integrator": "integrator@lookup.example",
    "customer": "portal@lookup.example",
    "admin": "admin@demo.example",
}
SHIPPED = compile_rules(read_csv(DEFAULT_POLICY), version=0)
LOOKERS = [r for r in USERS if SHIPPED.for_roles({r}).access("Mutation.customerPhoneLookup") >= Access.WRITE]
OTHERS = [r for r in USERS if r not in LOOKERS]

CALLER = "来电客户有限公司"
PHONE = "+8613812345678"
#: The caller's number as people type it: each is the whole number.
SPELLINGS = ["+8613812345678", "13812345678", "138 1234 5678", "+86 138-1234-5678", "0086 13812345678", "8613812345678"]
#: What an attacker who sees `138****5678` or a fragment tries: each answers like an unknown number.
FRAGMENTS = [
    "138****5678",
    "5678",
    "12345678",
    "1381234567",
    "138123456789",
    "+86 138 1234 567",
    "1381234",
    "13812345670",
    "+8613812345679",
]
UNKNOWN = "+8613900000000"

LOOKUP = """
mutation($i: CustomerPhoneLookupInput!) {
  customerPhoneLookup(input: $i) { customers { %s } userErrors { field code message } }
}
"""


@dataclass
class Caller:
    """The customer who phones in: owned by a rep, in no agent's queue."""

    raw_id: Any
    id: str
    contact_id: str


@pytest.fixture
async def caller(demo: dict[str, Any], db: Database, settings: Settings) -> Caller:
    async with db.write() as session:
        await create_user(session, email=USERS["integrator"], name="ERP", password="rapport-demo", roles=["integrator"])
        await create_user(session, email=USERS["customer"], name="Portal", password="rapport-demo", roles=["customer"])
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(
        db,
        rep,
        CALLER,
        grade="B",
        contacts=[
            ContactDraft("李来电", phones=[PHONE, "+8602161234567"], emails=["li@caller.example"], is_primary=True)
        ],
    )
    # Another customer of the rep that shares no number: nobody's lookup may reveal it.
    await factories.customer(db, rep, "旁人公司", contacts=[ContactDraft("旁人", phones=["+8613812340000"])])
    async with db.read() as session:
        contact_id = (
            await session.execute(text("SELECT id FROM contact WHERE customer_id = :c"), {"c": customer.id})
        ).scalar_one()
    return Caller(customer.id, to_global_id("Customer", customer.id), to_global_id("Contact", contact_id))


def _schema() -> GraphQLSchema:
    from rapport.assembly import build_schema

    return build_schema()._schema


def readable(role: str, type_name: str, schema: GraphQLSchema, depth: int = 1) -> str:
    """Every field of a type the role may read (leaves, and readable objects `depth` levels down, their leaves)."""
    grants = SHIPPED.for_roles({role})
    type_ = schema.type_map[type_name]
    assert isinstance(type_, GraphQLObjectType)
    parts = []
    for name, spec in type_.fields.items():
        if grants.access(f"{type_name}.{name}") < Access.MASKED or any(
            isinstance(a.type, GraphQLNonNull) and a.default_value is Undefined for a in spec.args.values()
        ):
            continue
        named = get_named_type(spec.type)
        if is_leaf_type(named):
            parts.append(name)
        elif depth > 0 and isinstance(named, GraphQLObjectType) and not named.name.endswith("Connection"):
            inner = readable(role, named.name, schema, depth - 1)
            if inner:
                parts.append(f"{name} {{ {inner} }}")
    return " ".join(parts)


async def _as(gql: GraphQLClient, role: str) -> None:
    assert (await gql.login(USERS[role]))["data"]["login"]["viewer"], role


async def _look_up(gql: GraphQLClient, phone: str, fields: str = "id name") -> dict[str, Any]:
    return await gql(LOOKUP % fields, {"i": {"phone": phone}})


async def _sees(gql: GraphQLClient, customer_id: str) -> bool:
    body = await gql("query($id: ID!) { customer(id: $id) { id } }", {"id": customer_id})
    assert "errors" not in body, body
    return body["data"]["customer"] is not None


async def _ledger(db: Database) -> list[PhoneLookup]:
    async with db.read() as session:
        return list((await session.scalars(select(PhoneLookup).order_by(PhoneLookup.at, PhoneLookup.id))).all())


# --- who may look up, and what they see -------------------------------------------------------------------------
def test_the_shipped_policy_gives_the_lookup_to_the_service_desk() -> None:
    assert set(LOOKERS) == {"service_agent", "service_supervisor", "admin"}


@pytest.mark.parametrize("role", OTHERS)
async def test_roles_without_the_lookup_are_refused_and_nothing_is_recorded(
    role: str, caller: Caller, gql: GraphQLClient, db: Database
) -> None:
    await _as(gql, role)
    body = await _look_up(gql, PHONE)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
    assert await _ledger(db) == []


@pytest.mark.parametrize("role", LOOKERS)
async def test_a_whole_number_finds_the_caller_with_what_the_role_may_see(
    role: str, caller: Caller, gql: GraphQLClient, db: Database
) -> None:
    schema = _schema()
    fields = readable(role, "Customer", schema)
    await _as(gql, role)
    if role != "admin":
        assert not await _sees(gql, caller.id), "the caller is in no queue of theirs yet"
    for spelling in SPELLINGS:
        body = await _look_up(gql, spelling, fields)
        assert "errors" not in body, body
        found = body["data"]["customerPhoneLookup"]["customers"]
        assert [c["id"] for c in found] == [caller.id], spelling
    # Exactly what the role's own read of the customer shows: the same fields, masked the same way.
    node = await gql(f"query($id: ID!) {{ customer(id: $id) {{ {fields} }} }}", {"id": caller.id})
    assert "errors" not in node, node
    assert found[0] == node["data"]["customer"]
    phones = found[0]["contacts"][0].get("phones")
    if SHIPPED.for_roles({role}).access("Contact.phones") == Access.MASKED:
        assert phones == [mask_phone(PHONE), mask_phone("+8602161234567")]
    # A field the role may not read is refused in the lookup's payload too, before anything runs.
    hidden = [
        name
        for name, spec in schema.type_map["Customer"].fields.items()  # type: ignore[union-attr]
        if is_leaf_type(get_named_type(spec.type)) and SHIPPED.for_roles({role}).access(f"Customer.{name}") == 0
    ]
    before = len(await _ledger(db))
    for name in hidden:
        refused = await _look_up(gql, PHONE, f"id {name}")
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", (name, refused)
    assert len(await _ledger(db)) == before


@pytest.mark.parametrize("role", [r for r in LOOKERS if r != "admin"])
async def test_the_one_who_looked_up_may_open_a_ticket_and_the_ticket_keeps_the_customer_related(
    role: str, caller: Caller, gql: GraphQLClient, db: Database, settings: Settings
) -> None:
    await _as(gql, role)
    await _look_up(gql, "138 1234 5678")
    assert await _sees(gql, caller.id)
    created = await gql(
        """mutation($i: TicketCreateInput!) { ticketCreate(input: $i) {
             ticket { id channel customer { id } contact { id } } userErrors { field message } } }""",
        {
            "i": {
                "subject": "电话报修：打印机不工作",
                "category": "hardware",
                "customerId": caller.id,
                "contactId": caller.contact_id,
                "channel": "PHONE",
                "priority": "HIGH",
            }
        },
    )
    assert "errors" not in created, created
    ticket = created["data"]["ticketCreate"]["ticket"]
    assert ticket["channel"] == "PHONE" and ticket["customer"]["id"] == caller.id
    # When the grant runs out, the ticket in their queue keeps the customer related, as any ticket does.
    await run_job("caller-grant-expiry", db, settings, clock.now() + lookup.GRANT + timedelta(seconds=1))
    async with db.read() as session:
        assert (await session.scalars(select(CallerGrant))).all() == []
    assert await _sees(gql, caller.id)


# --- no oracle --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", LOOKERS)
async def test_a_fragment_or_a_masked_number_answers_exactly_like_an_unknown_number(
    role: str, caller: Caller, gql: GraphQLClient, db: Database
) -> None:
    fields = readable(role, "Customer", _schema())
    await _as(gql, role)
    unknown = await _look_up(gql, UNKNOWN, fields)
    assert unknown == {"data": {"customerPhoneLookup": {"customers": [], "userErrors": []}}}
    for fragment in FRAGMENTS:
        assert await _look_up(gql, fragment, fields) == unknown, fragment
    if role != "admin":
        assert not await _sees(gql, caller.id), "a fragment relates nobody"
    # Every attempt was counted and audited, like any lookup, and found nobody.
    ledger = await _ledger(db)
    assert len(ledger) == 1 + len(FRAGMENTS)
    assert all(entry.customer_ids == [] for entry in ledger)


async def test_the_lookup_widens_no_other_path(caller: Caller, gql: GraphQLClient, db: Database) -> None:
    await _as(gql, "service_agent")
    listed = "query { customers(first: 100) { totalCount nodes { id } } }"
    before = (await gql(listed))["data"]["customers"]
    await _look_up(gql, PHONE)
    after = (await gql(listed))["data"]["customers"]
    assert after["totalCount"] == before["totalCount"] + 1
    assert {n["id"] for n in after["nodes"]} - {n["id"] for n in before["nodes"]} == {caller.id}
    # Searching by phone stays refused for agents, with or without a lookup behind them.
    searched = await gql('query { customers(search: "13812345678") { totalCount } }')
    assert searched["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # The phones stay masked on every path.
    body = await gql("query($id: ID!) { customer(id: $id) { contacts { phones } } }", {"id": caller.id})
    assert PHONE not in json.dumps(body) and "13812345678" not in json.dumps(body)
    # Another agent sees nothing new: the grant is the looker's alone.
    await gql.login("agent2@demo.example")
    assert not await _sees(gql, caller.id)


async def test_the_next_caller_found_replaces_the_last_and_a_miss_keeps_it(
    caller: Caller, gql: GraphQLClient, db: Database
) -> None:
    await _as(gql, "service_agent")
    await _look_up(gql, PHONE)
    await _look_up(gql, "13812345679")  # a typo: the call being taken stays open
    assert await _sees(gql, caller.id)
    found = await _look_up(gql, "13812340000")
    other = found["data"]["customerPhoneLookup"]["customers"][0]["id"]
    assert await _sees(gql, other)
    assert not await _sees(gql, caller.id)


# --- limits and audit -------------------------------------------------------------------------------------------
async def test_lookups_are_rate_limited_per_user_even_when_sent_at_once(
    caller: Caller, gql: GraphQLClient, db: Database
) -> None:
    (window, limit), (_, daily) = lookup.LIMITS
    await _as(gql, "service_agent")
    answers = await asyncio.gather(*(_look_up(gql, UNKNOWN) for _ in range(limit + 5)))
    refused = [a for a in answers if "errors" in a]
    assert len(refused) == 5
    error = refused[0]["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert 0 < error["extensions"]["retryAfterSeconds"] <= window.total_seconds()
    assert len(await _ledger(db)) == limit, "a refused lookup looks nothing up"
    # The whole number is refused as well: the limit does not depend on what would be found.
    assert (await _look_up(gql, PHONE))["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    # Another agent has their own allowance.
    await gql.login("agent2@demo.example")
    assert "errors" not in await _look_up(gql, PHONE)
    # Past the window, the first agent may look up again, until the day's limit.
    agent = await factories.principal(db, "agent@demo.example")
    at = clock.now()
    done = limit
    while done < daily:
        at += window
        with clock.frozen_at(at):
            for _ in range(min(limit, daily - done)):
                async with db.write() as session:
                    await lookup.look_up(session, agent, UNKNOWN)
                done += 1
    with clock.frozen_at(at + window), pytest.raises(RateLimitedError) as refused_daily:
        async with db.write() as session:
            await lookup.look_up(session, agent, PHONE)
    assert refused_daily.value.retry_after_seconds > window.total_seconds()


async def test_every_lookup_is_audited_with_the_number_hashed(caller: Caller, gql: GraphQLClient, db: Database) -> None:
    await _as(gql, "service_agent")
    agent = await factories.principal(db, "agent@demo.example")
    await _look_up(gql, "138 1234 5678")
    await _look_up(gql, "138****5678")
    hit, miss = await _ledger(db)
    assert hit.user_id == agent.user_id and hit.customer_ids == [caller.raw_id]
    assert hit.digest == vault().blind.digest("phone", PHONE)
    assert miss.customer_ids == [] and miss.digest not in (hit.digest, None)
    async with db.read() as session:
        entries = list(
            (
                await session.scalars(
                    select(AuditEntry).where(AuditEntry.entity_type == "PhoneLookup").order_by(AuditEntry.at)
                )
            ).all()
        )
        dump = (await session.execute(text("SELECT row_to_json(p)::text FROM phone_lookup p"))).scalars().all()
        dump += (await session.execute(text("SELECT changes::text FROM audit_entry"))).scalars().all()
    assert [(e.actor_id, e.entity_id, e.action) for e in entries] == [
        (agent.user_id, hit.id, "lookup"),
        (agent.user_id, miss.id, "lookup"),
    ]
    assert entries[0].changes == {"customerIds": [None, [str(caller.raw_id)]]}
    assert not any("13812345678" in row for row in dump), "the number is never stored in clear"


async def test_a_data_subject_export_lists_the_lookups_and_erasure_forgets_the_number(
    caller: Caller, gql: GraphQLClient, db: Database
) -> None:
    await _as(gql, "service_agent")
    await _look_up(gql, PHONE)
    await _as(gql, "admin")
    exported = await gql("query($id: ID!) { dataSubjectExport(customerId: $id) }", {"id": caller.id})
    assert "errors" not in exported, exported
    data = exported["data"]["dataSubjectExport"]
    data = json.loads(data) if isinstance(data, str) else data
    assert [entry["id"] for entry in data["phoneLookups"]] == [str((await _ledger(db))[0].id)]
    erased = await gql(
        "mutation($i: DataSubjectEraseInput!) { dataSubjectErase(input: $i) { userErrors { message } } }",
        {"i": {"customerId": caller.id, "confirmName": CALLER}},
    )
    assert "errors" not in erased, erased
    assert [entry.digest for entry in await _ledger(db)] == [None]


async def test_a_blank_number_is_a_user_error_and_counts_nothing(
    caller: Caller, gql: GraphQLClient, db: Database
) -> None:
    await _as(gql, "service_agent")
    body = await _look_up(gql, "   ")
    payload = body["data"]["customerPhoneLookup"]
    assert payload["customers"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [("phone", "BAD_USER_INPUT")]
    assert await _ledger(db) == []


#: How else a whole number arrives (pasted from a chat, typed on a Chinese keyboard, copied from a web page):
#: each is still the caller's whole number.
ODD_WHOLE = [
    "  +86 138 1234 5678\t",
    "１３８１２３４５６７８",  # full-width digits
    "١٣٨١٢٣٤٥٦٧٨",  # Arabic-Indic digits
    "138\u200b1234\u200b5678",  # zero-width spaces
    "tel:+8613812345678",
]
#: Text that is no whole number however it is read: NUL and control characters, a number and a fragment run
#: together, emoji, and text far longer than any number.
ODD_MISSES = ["138\x0012345678", "138-1234-5678\n5678", "\x00", "😀" * 40, "1" * 5000, "138" + "\u0301" * 500]


async def test_odd_spellings_find_the_whole_number_or_nobody_and_never_fail(
    caller: Caller, gql: GraphQLClient, db: Database
) -> None:
    await _as(gql, "service_agent")
    for spelling in ODD_WHOLE:
        body = await _look_up(gql, spelling)
        assert "errors" not in body, (spelling, body)
        assert [c["id"] for c in body["data"]["customerPhoneLookup"]["customers"]] == [caller.id], spelling
    unknown = await _look_up(gql, UNKNOWN)
    for spelling in ODD_MISSES:
        body = await _look_up(gql, spelling)
        # A miss answers like an unknown number; text that cannot be a number (control characters, far too
        # long) is refused as bad input before any work.
        if "errors" in body:
            assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"], (spelling, body)
        elif body["data"]["customerPhoneLookup"]["userErrors"]:
            assert body["data"]["customerPhoneLookup"]["userErrors"][0]["code"] == "BAD_USER_INPUT", (spelling, body)
        else:
            assert body == unknown, spelling
    ledger = await _ledger(db)
    assert all(entry.customer_ids in ([], [caller.raw_id]) for entry in ledger)
    assert sum(entry.customer_ids == [caller.raw_id] for entry in ledger) == len(ODD_WHOLE)
