"""Row scopes composed, not re-implemented: no path shows or takes a row that the root field hides.

Both tests are generated from the schema and the compiled policy, not from a hand-picked list:

- every mutation input field that references a row by id (`*Id`/`*Ids` of type ID), sent by every role that
  may call the mutation with a row of the referenced type outside its scope, answers exactly as for a random id
  that does not exist, and writes nothing;
- every object a reader can reach through nested fields (timelines, connections, lists, one-to-one relations),
  on the compiled path and on the resolvers, is one that `node(id)` shows them, and every `totalCount` counts
  exactly the rows the reader may see.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
)
from graphql.pyutils import Undefined
from sqlalchemy import select, text, update

from rapport.config import Settings
from rapport.core.authz.policy import Access, current
from rapport.core.authz.scopes import scoped_types, visible_ids, visible_to_each
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers.models import Contact
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from rapport.identity.models import Team, User
from rapport.identity.service import create_team, create_user
from rapport.marketing.campaigns.models import Campaign
from rapport.marketing.journeys.models import Journey
from rapport.marketing.models import Segment
from rapport.marketing.segments import service as segments
from rapport.sales.leads import service as leads
from rapport.sales.models import Opportunity, PipelineStage
from rapport.sales.pipeline import service as pipeline
from rapport.support.models import Ticket
from rapport.support.portal import service as portal
from rapport.support.workflow import service as workflow
from tests import factories
from tests.conftest import GraphQLClient

PASSWORD = "rapport-demo"
READERS = {
    "sales_rep": "rep@demo.example",
    "sales_manager": "manager@demo.example",
    "sales_director": "director@demo.example",
    "service_agent": "agent@demo.example",
    "service_supervisor": "supervisor@demo.example",
    "marketing": "marketing@demo.example",
    "analyst": "analyst@demo.example",
    "integrator": "integrator@scope.example",
    "customer": "portal@scope.example",
}
#: What an input field that names a row refers to, by the field's name. A new name fails the test below until
#: it is classified here: a reference must not go unchecked because nobody thought of it.
REFERENCED_TYPE = {
    "customerId": "Customer",
    "customerIds": "Customer",
    "survivorId": "Customer",
    "mergedId": "Customer",
    "contactId": "Contact",
    "ticketId": "Ticket",
    "leadId": "Lead",
    "opportunityId": "Opportunity",
    "ownerId": "User",
    "ownerIds": "User",
    "userId": "User",
    "agentId": "User",
    "assigneeId": "User",
    "assigneeIds": "User",
    "managerId": "User",
    "actorId": "User",
    "teamId": "Team",
    "teamIds": "Team",
    "parentId": "Team",
    "queueId": "Team",
    "queueIds": "Team",
    "stageId": "PipelineStage",
    "stageIds": "PipelineStage",
    "calendarId": "BusinessCalendar",
    "entityId": "Node",
    "productId": "Product",  # the product catalogue: readable by sales roles, not row-scoped
    "apiTokenId": "ApiToken",  # admins only (webhook endpoints): not row-scoped
    "batchId": "ImportBatch",  # an import: its uploader's own (NOT_FOUND for anyone else's), not row-scoped
    "segmentId": "Segment",
    "campaignId": "Campaign",
    "costId": "CampaignCost",  # a campaign's cost line: reached through its campaign's scope, not row-scoped itself
    "suppressionId": "MarketingSuppression",  # the suppression list: not row-scoped
}
#: Mutations whose reference is not to the type's row scope, with the rule that governs it instead. The
#: hidden-equals-missing comparison still runs for them; only the proof that a visible id gets further is waived.
OWN_RULE = {
    "poolClaim": "only customers in the public pool can be claimed; every other id answers the pool's NOT_FOUND",
    "poolAllocate": "only customers in the public pool can be allocated; every other id answers the same",
}


#: Controls that remove or merge rows other controls use: run last.
LAST = {
    "customerMerge",
    "contactDelete",
    "customerArchive",
    "poolRelease",
    "segmentDelete",
    "journeyArchive",
    "journeyDelete",
}
#: Of those, the one that takes the customer from its owner (the owner no longer sees it), and the one that deletes
#: a journey the others use: after every other.
VERY_LAST = {"poolRelease", "journeyDelete"}


# --- the world --------------------------------------------------------------------------------------------------
@dataclass
class Rows:
    """Rows of every scoped type, placed so that each non-`all` scope includes some and excludes others."""

    ids: dict[str, list[uuid.UUID]] = field(default_factory=dict)
    principals: dict[str, Principal] = field(default_factory=dict)
    stage_id: uuid.UUID | None = None

    def add(self, type_name: str, raw_id: uuid.UUID) -> None:
        self.ids.setdefault(type_name, []).append(raw_id)


@pytest.fixture
async def rows(demo: dict[str, Any], db: Database) -> Rows:
    world = Rows()
    async with db.write() as session:
        await create_user(session, email=READERS["integrator"], name="ERP", password=PASSWORD, roles=["integrator"])
        vip = await create_team(session, name="VIP Service", kind="service")
        await create_user(
            session, email="vip-agent@scope.example", name="VIP", password=PASSWORD, roles=["service_agent"], team=vip
        )
        service_team = (await session.execute(select(Team).where(Team.name == "Customer Service"))).scalar_one()
        stage = (await session.execute(select(PipelineStage).order_by(PipelineStage.position))).scalars().first()
        assert stage is not None
        world.stage_id = stage.id
    for role, email in READERS.items():
        if role != "customer":
            world.principals[role] = await factories.principal(db, email)
    admin = await factories.principal(db, "admin@demo.example")
    rep, rep2 = world.principals["sales_rep"], await factories.principal(db, "rep2@demo.example")
    start = datetime(2026, 1, 5, tzinfo=UTC)

    async def customer(owner: Principal, name: str) -> tuple[uuid.UUID, uuid.UUID]:
        row = await factories.customer(
            db, owner, name, contacts=[ContactDraft(f"{name} contact", phones=["13900001111"])]
        )
        await factories.activities(db, owner, row.id, 1, start=start, step=timedelta(days=1))
        async with db.read() as session:
            contact = (await session.execute(select(Contact.id).where(Contact.customer_id == row.id))).scalar_one()
        world.add("Customer", row.id)
        world.add("Contact", contact)
        return row.id, contact

    mine, mine_contact = await customer(rep, "A rep's")
    await customer(rep, "A2 rep's")
    theirs, theirs_contact = await customer(rep2, "B rep2's")

    async def ticket(customer_id: uuid.UUID | None, contact_id: uuid.UUID | None, queue: Team | None) -> None:
        async with db.write() as session:
            draft = workflow.TicketDraft(
                f"ticket {uuid.uuid4().hex[:6]}", "billing", "internal detail", customer_id, contact_id
            )
            row = await workflow.create_ticket(session, admin, draft)
            await session.execute(
                update(Ticket).where(Ticket.id == row.id).values(queue_id=queue.id if queue else None, assignee_id=None)
            )
            await workflow.comment(session, admin, row.id, "internal note", public=False)
        world.add("Ticket", row.id)

    # The service desk's queue holds a ticket of A (so A is related to its agents); A also has a ticket in a queue
    # they do not belong to, and B one in no queue at all.
    await ticket(mine, mine_contact, service_team)
    await ticket(mine, mine_contact, vip)
    await ticket(theirs, theirs_contact, None)
    await ticket(None, None, None)

    async with db.write() as session:
        for n, owner in enumerate((rep, rep2)):
            draft = leads.LeadDraft(name=f"Lead {n}", source="web", phone=f"1380000000{n}", owner_id=owner.user_id)
            world.add("Lead", (await leads.capture(session, draft, owner)).lead.id)
        for customer_id in (mine, theirs):
            opportunity = await pipeline.create(session, admin, customer_id, "Deal", Decimal("1000"), None, None)
            world.add("Opportunity", opportunity.id)
        # A deal of rep2's on rep's customer: its stage changes sit on a timeline rep reads.
        hidden_deal = await pipeline.create(session, admin, mine, "Their deal", Decimal("7777"), None, None)
        await session.execute(
            update(Opportunity)
            .where(Opportunity.id == hidden_deal.id)
            .values(owner_id=rep2.user_id, team_id=rep2.team_id)
        )
        world.add("Opportunity", hidden_deal.id)
        account = await portal.create_account(session, admin, mine_contact, READERS["customer"], PASSWORD, "en")
        assert account is not None
        # Journeys of the marketing user and of a rep (marketing's team scope holds only the first).
        trigger = {"id": "t", "type": "trigger", "config": {"kind": "date", "field": "created_at"}}
        for owner in (world.principals["marketing"], rep):
            journey = Journey(
                id=uuid7(),
                name="Journey",
                status="draft",
                graph={"nodes": [trigger], "edges": []},
                allow_reentry=False,
                owner_id=owner.user_id,
                team_id=owner.team_id,
            )
            session.add(journey)
            world.add("Journey", journey.id)
        # Marketing's segments and draft campaigns: one of the marketing user's own, one of the admin's.
        marketer = world.principals["marketing"]
        for owner in (marketer, admin):
            segment = Segment(
                id=uuid.uuid4(), name="Audience", kind="static", rules={}, owner_id=owner.user_id,
                team_id=owner.team_id, member_count=0,
            )  # fmt: skip
            session.add(segment)
            await session.flush()
            campaign = Campaign(
                id=uuid.uuid4(), name="Campaign", channels=["email"], status="draft", segment_id=segment.id,
                owner_id=owner.user_id, team_id=owner.team_id,
            )  # fmt: skip
            session.add(campaign)
            await session.flush()
            world.add("Segment", segment.id)
            world.add("Campaign", campaign.id)
        # Segments: marketing's own (marketing sees its team's, here its own) and one of the admin's.
        buyers = {"op": "and", "rules": [{"kind": "orderCount", "min": 1}]}
        for owner in (world.principals["marketing"], admin):
            saved = await segments.save_segment(session, owner, None, None, {"name": "Buyers", "rules": buyers})
            world.add("Segment", saved.id)
    async with db.read() as session:
        assert await session.scalar(select(User.id).where(User.email == READERS["customer"]))
    return world


async def _login(gql: GraphQLClient, email: str) -> None:
    body = await gql.login(email, PASSWORD)
    assert body["data"]["login"]["viewer"], body


async def _fingerprint(db: Database) -> dict[str, tuple[int, int]]:
    """Rows and summed versions of every table: equal fingerprints mean nothing was written in between."""
    async with db.read() as session:
        tables = (
            await session.execute(
                text(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND "
                    "table_type = 'BASE TABLE' AND table_name NOT LIKE 'procrastinate%' ORDER BY 1"
                )
            )
        ).scalars()
        result = {}
        for table in tables:
            has_version = await session.scalar(
                text(
                    "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND "
                    "table_name = :t AND column_name = 'version'"
                ),
                {"t": table},
            )
            summed = "coalesce(sum(version), 0)" if has_version else "0"
            count, versions = (await session.execute(text(f'SELECT count(*), {summed} FROM "{table}"'))).one()
            result[table] = (int(count), int(versions))
    return result


# --- the mutation inputs that reference rows --------------------------------------------------------------------
def _schema() -> GraphQLSchema:
    from rapport.assembly import build_schema

    return build_schema()._schema


def _unwrap(type_: Any) -> tuple[Any, bool, bool]:
    """(named type, required, list)."""
    required = isinstance(type_, GraphQLNonNull)
    inner = type_.of_type if required else type_
    is_list = isinstance(inner, GraphQLList)
    return get_named_type(type_), required, is_list


def _references(
    input_type: GraphQLInputObjectType, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path to the field, field name) of every ID field named *Id / *Ids, nested inputs included."""
    for name, spec in input_type.fields.items():
        named, _, _ = _unwrap(spec.type)
        if isinstance(named, GraphQLInputObjectType):
            yield from _references(named, (*path, name))
        elif named.name == "ID" and re.search(r"Ids?$", name):
            yield (*path, name), name


@dataclass(frozen=True)
class Reference:
    """One mutation input field that names a row of a scoped type."""

    mutation: str
    input_type: str
    path: tuple[str, ...]
    type_name: str


def mutation_references() -> tuple[list[Reference], list[str]]:
    """Every mutation input field that references a row of a scoped type; and the unscoped ones, described."""
    schema = _schema()
    assert schema.mutation_type is not None
    scoped, unscoped = [], []
    for mutation, spec in schema.mutation_type.fields.items():
        for argument in spec.args.values():
            named, _, _ = _unwrap(argument.type)
            if not isinstance(named, GraphQLInputObjectType):
                continue
            if "id" in named.fields and subject_type(mutation) in scoped_types():  # the row the mutation acts on
                scoped.append(Reference(mutation, named.name, ("id",), str(subject_type(mutation))))
            for path, name in _references(named):
                assert name in REFERENCED_TYPE, f"{named.name}.{name}: classify what it references in REFERENCED_TYPE"
                type_name = REFERENCED_TYPE[name]
                if type_name in scoped_types():
                    scoped.append(Reference(mutation, named.name, path, type_name))
                else:
                    unscoped.append(f"{mutation}.{'.'.join(path)} -> {type_name}")
    return scoped, unscoped


def test_every_reference_to_a_scoped_type_is_found() -> None:
    scoped, unscoped = mutation_references()
    found = {f"{r.mutation}.{'.'.join(r.path)}" for r in scoped}
    # The class of the original finding must be among them (not a hand-picked list: a floor).
    assert {"ticketCreate.customerId", "ticketCreate.contactId", "activityLog.customerId"} <= found
    assert all(not u.endswith(tuple(scoped_types())) for u in unscoped)


def _value(name: str, type_: Any, fill: dict[str, Any], role: str, counter: Iterator[int]) -> Any:
    """A valid value for a required input field (ids come from `fill`, by field name)."""
    named, _, is_list = _unwrap(type_)
    if name in fill:
        value = fill[name]
    elif isinstance(named, GraphQLInputObjectType):
        value = _input(named, fill, role, counter)
    elif isinstance(named, GraphQLEnumType):
        value = next(iter(named.values))
    elif named.name == "String":
        n = next(counter)
        value = {
            "email": f"probe{n}-{uuid.uuid4().hex[:6]}@scope.example",
            "password": "probe-pass-1234",
            "locale": "en",
            "kind": "call",
            "category": "billing",
            "confirmName": "x",
        }.get(name, f"probe {n}")
    elif named.name in ("Int",):
        value = 1
    elif named.name in ("Decimal", "Float"):
        value = "100"
    elif named.name == "Boolean":
        value = False
    elif named.name == "DateTime":
        value = "2030-01-01T00:00:00+00:00"
    elif named.name == "Date":
        value = "2030-01-01"
    elif named.name == "JSON" and name == "graph":  # a journey's graph: a lone trigger
        value = {
            "nodes": [{"id": "t", "type": "trigger", "config": {"kind": "date", "field": "created_at"}}],
            "edges": [],
        }
    elif named.name == "JSON":  # a segment's rule tree
        value = {"op": "and", "rules": []}
    else:
        raise AssertionError(f"no value for {name}: {named}")
    return [value] if is_list and not isinstance(value, list) else value


def _input(
    input_type: GraphQLInputObjectType, fill: dict[str, Any], role: str, counter: Iterator[int]
) -> dict[str, Any]:
    values = {}
    for name, spec in input_type.fields.items():
        _, required, _ = _unwrap(spec.type)
        if name in fill or (required and not _has_default(spec)):
            values[name] = _value(name, spec.type, fill, role, counter)
    return values


def _has_default(spec: Any) -> bool:
    return spec.default_value is not Undefined


def subject_type(mutation: str) -> str | None:
    """The type a mutation input's own `id` names: the longest object type the mutation's name starts with
    (`customerArchive` -> Customer, `leadRuleSave` -> LeadRule, not Lead)."""
    names = [n for n, t in _schema().type_map.items() if isinstance(t, GraphQLObjectType)]
    found = sorted((n for n in names if mutation.startswith(n[0].lower() + n[1:])), key=len)
    return found[-1] if found else None


async def _visible(
    db: Database, principal: Principal | None, type_name: str, candidates: list[uuid.UUID]
) -> set[uuid.UUID]:
    async with db.read() as session:
        return await visible_ids(session, principal, type_name, candidates)


def _global(type_name: str, raw: uuid.UUID) -> str:
    return to_global_id(type_name, raw)


def _set(values: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    copied = dict(values)
    head, *rest = path
    copied[head] = _set(copied.get(head, {}), tuple(rest), value) if rest else value
    return copied


async def test_a_referenced_id_out_of_scope_answers_like_a_missing_one(
    gql: GraphQLClient, rows: Rows, db: Database
) -> None:
    references, _ = mutation_references()
    policy = current()
    counter = iter(range(10**6))
    checked: list[str] = []
    controls: list[tuple[Reference, str, dict[str, Any]]] = []
    for reference in references:
        candidates = rows.ids[reference.type_name]
        for role, principal in rows.principals.items():
            grants = policy.for_roles(principal.roles)
            if grants.access(f"Mutation.{reference.mutation}") < Access.WRITE:
                continue
            seen = await _visible(db, principal, reference.type_name, candidates)
            hidden = [c for c in candidates if c not in seen]
            if not hidden:
                continue  # this role's scope of the type holds every row (e.g. `all`)
            fill = await _fill(db, rows, principal, reference)
            if fill is None:
                continue
            fill[reference.path[-1]] = _global(reference.type_name, uuid.uuid4())  # replaced below
            document = f"mutation($i: {reference.input_type}!) {{ {reference.mutation}(input: $i) {{ __typename }} }}"
            await _login(gql, READERS[role])
            base = _input(_schema().type_map[reference.input_type], fill, role, counter)  # type: ignore[arg-type]
            missing = await gql(document, {"i": _set(base, reference.path, _global(reference.type_name, uuid.uuid4()))})
            before = await _fingerprint(db)
            out_of_scope = await gql(
                document, {"i": _set(base, reference.path, _global(reference.type_name, hidden[0]))}
            )
            label = f"{role} {reference.mutation}.{'.'.join(reference.path)}"
            assert out_of_scope == missing, f"{label}: an id out of scope answers differently from a missing one"
            assert await _fingerprint(db) == before, f"{label}: an id out of scope wrote something"
            checked.append(label)
            if seen and not any(c[0] == reference for c in controls):
                visible_one = _global(reference.type_name, sorted(seen)[0])
                controls.append((reference, role, _set(base, reference.path, visible_one)))
    assert len(checked) >= 10, checked
    # Each comparison above means something only if a visible id gets past where a hidden one stops.
    for reference, role, values in sorted(controls, key=lambda c: (c[0].mutation in LAST, c[0].mutation in VERY_LAST)):
        if reference.mutation in OWN_RULE:
            continue
        await _login(gql, READERS[role])
        document = f"mutation($i: {reference.input_type}!) {{ {reference.mutation}(input: $i) {{ __typename }} }}"
        answer = await gql(document, {"i": values})
        codes = [e.get("extensions", {}).get("code") for e in answer.get("errors", [])]
        assert "NOT_FOUND" not in codes and "FORBIDDEN" not in codes, (reference, role, answer)


async def _fill(db: Database, rows: Rows, principal: Principal, reference: Reference) -> dict[str, Any] | None:
    """Ids for the input's other fields, visible to the caller: the input is valid but for the field tested."""
    schema = _schema()
    fill: dict[str, Any] = {}
    input_type = schema.type_map[reference.input_type]
    assert isinstance(input_type, GraphQLInputObjectType)
    used: set[uuid.UUID] = set()
    for name, spec in input_type.fields.items():
        named, required, _ = _unwrap(spec.type)
        if named.name != "ID" or (name,) == reference.path:
            continue
        type_name = REFERENCED_TYPE.get(name) or (subject_type(reference.mutation) if name == "id" else None)
        same_kind = REFERENCED_TYPE.get(reference.path[-1]) == type_name
        if not required and not same_kind:
            continue
        if type_name in scoped_types():
            seen = sorted(await _visible(db, principal, type_name, rows.ids[type_name]))
            choices = [s for s in seen if s not in used]
            if not choices:
                return None
            used.add(choices[0])
            fill[name] = _global(type_name, choices[0])
        elif type_name == "User":
            fill[name] = _global("User", principal.user_id)
        elif type_name == "PipelineStage" and rows.stage_id is not None:
            fill[name] = _global("PipelineStage", rows.stage_id)
        elif required:
            return None
    return fill


# --- every nested path --------------------------------------------------------------------------------------------
def _object_types(type_: Any, schema: GraphQLSchema) -> list[GraphQLObjectType]:
    named = get_named_type(type_)
    if isinstance(named, GraphQLUnionType):
        return list(named.types)
    if isinstance(named, GraphQLInterfaceType):
        return list(schema.get_possible_types(named))
    return [named] if isinstance(named, GraphQLObjectType) else []


def _args_ok(spec: Any) -> str | None:
    """The arguments to pass a field ("" for none), or None when it needs one we cannot supply generically."""
    given = []
    for name, argument in spec.args.items():
        required = isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined
        if name == "first":
            given.append("first: 100")
        elif required:
            return None
    return f"({', '.join(given)})" if given else ""


def selection(type_: GraphQLObjectType, schema: GraphQLSchema, role: str, depth: int, typename: bool = True) -> str:
    """Every relation of a type the role may read, `depth` levels down, with ids, typenames and counts."""
    grants = current().for_roles(frozenset({role}))
    parts = ["__typename"] if typename else []
    for name, spec in type_.fields.items():
        targets = _object_types(spec.type, schema)
        is_connection = bool(targets) and targets[0].name.endswith("Connection")
        governed = not type_.name.endswith(("Connection", "Edge", "PageInfo"))
        if governed and grants.access(f"{type_.name}.{name}") < Access.MASKED:
            continue
        named = get_named_type(spec.type)
        if name == "id" or (name == "totalCount" and isinstance(named, GraphQLScalarType)):
            parts.append(name)
            continue
        if not targets or depth == 0:
            continue
        arguments = _args_ok(spec)
        if arguments is None:
            continue
        if is_connection:
            connection = targets[0]
            inner = (
                selection(_object_types(connection.fields["nodes"].type, schema)[0], schema, role, depth - 1)
                if not isinstance(get_named_type(connection.fields["nodes"].type), GraphQLUnionType)
                else _union(connection.fields["nodes"].type, schema, role, depth - 1)
            )
            parts.append(f"{name}{arguments} {{ totalCount pageInfo {{ hasNextPage }} nodes {{ {inner} }} }}")
        elif isinstance(get_named_type(spec.type), (GraphQLUnionType, GraphQLInterfaceType)):
            parts.append(f"{name}{arguments} {{ {_union(spec.type, schema, role, depth - 1)} }}")
        else:
            parts.append(f"{name}{arguments} {{ {selection(targets[0], schema, role, depth - 1)} }}")
    return " ".join(parts)


def _union(type_: Any, schema: GraphQLSchema, role: str, depth: int) -> str:
    inner = [
        f"... on {t.name} {{ {selection(t, schema, role, depth, False) or '__typename'} }}"
        for t in _object_types(type_, schema)
    ]
    return "__typename " + " ".join(inner)


def _reaches(type_: Any, schema: GraphQLSchema, depth: int, seen: frozenset[str] = frozenset()) -> bool:
    """Whether rows of a scoped type can appear under this type within `depth` relations."""
    for target in _object_types(type_, schema):
        if target.name in scoped_types() or target.name in STANDS_FOR:
            return True
        if depth > 0 and target.name not in seen:
            for spec in target.fields.values():
                if _reaches(spec.type, schema, depth - 1, seen | {target.name}):
                    return True
    return False


def root_documents(root: str, role: str, rows: Rows) -> list[tuple[str, dict[str, Any]]]:
    """Documents that read every relation the role may read under a root field, with every argument the field
    requires filled generically (an id argument: each world row of the type it names)."""
    schema = _schema()
    assert schema.query_type is not None
    spec = schema.query_type.fields[root]
    targets = _object_types(spec.type, schema)
    if not targets or not _reaches(spec.type, schema, 3):
        return []
    arguments, variables = [], [{}]
    for name, argument in spec.args.items():
        named = get_named_type(argument.type)
        required = isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined
        if name == "first":
            arguments.append("first: 100")
        elif not required:
            continue
        elif named.name == "ID":
            # The row the root reads: its type, or the scoped type its name starts with (customerDuplicates).
            named_by = sorted((t for t in scoped_types() if root.startswith(t[0].lower() + t[1:])), key=len)
            id_type = targets[0].name if targets[0].name in scoped_types() else (named_by[-1] if named_by else None)
            if id_type is None:
                return []
            arguments.append(f"{name}: $id")
            variables = [{"id": _global(str(id_type), raw)} for raw in rows.ids[str(id_type)]]
        elif isinstance(named, GraphQLEnumType):
            arguments.append(f"{name}: {next(iter(named.values))}")
        elif named.name == "Int":
            arguments.append(f"{name}: 30")
        elif named.name == "Boolean":
            arguments.append(f"{name}: false")
        else:
            return []
    given = f"({', '.join(arguments)})" if arguments else ""
    target = targets[0]
    if target.name.endswith("Connection"):
        nodes = selection(_object_types(target.fields["nodes"].type, schema)[0], schema, role, 3)
        body = (
            f"totalCount pageInfo {{ hasNextPage }} nodes {{ {nodes} }}"
            if "totalCount" in target.fields
            else (f"nodes {{ {nodes} }}")
        )
    else:
        body = selection(target, schema, role, 3)
    declared = "query($id: ID!) " if "$id" in given else ""
    return [(f"{declared}{{ r: {root}{given} {{ {body} }} }}", v) for v in variables]


#: Objects that stand for a row of a scoped type without being one (a timeline's stage change is a step of an
#: opportunity): the field that names that row. Shown to a reader, the row must be one they may see.
STANDS_FOR = {"StageChangeEntry": ("opportunity", "Opportunity")}


def test_every_timeline_entry_of_a_scoped_type_is_checked() -> None:
    from rapport.customers.timeline import timeline_sources

    covered = {type_name for _, type_name in STANDS_FOR.values()} | set(scoped_types())
    assert {s.row_type for s in timeline_sources() if s.row_type} <= covered


def _collect(value: Any, found: set[tuple[str, str]], counts: list[tuple[int, int, bool]]) -> None:
    if isinstance(value, dict):
        if value.get("__typename") in scoped_types() and "id" in value:
            found.add((value["__typename"], value["id"]))
        stands_for = STANDS_FOR.get(value.get("__typename", ""))
        if stands_for is not None and stands_for[0] in value:
            row = value[stands_for[0]]
            found.add((stands_for[1], row["id"] if row else f"(a {value['__typename']} of a hidden row)"))
        if "totalCount" in value and isinstance(value.get("nodes"), list):
            more = bool((value.get("pageInfo") or {}).get("hasNextPage"))
            counts.append((value["totalCount"], len(value["nodes"]), more))
        for inner in value.values():
            _collect(inner, found, counts)
    elif isinstance(value, list):
        for inner in value:
            _collect(inner, found, counts)


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "resolvers"])
async def test_no_nested_path_shows_a_row_its_root_field_hides(
    rows: Rows, db: Database, settings: Settings, compiled: bool
) -> None:
    from rapport.app import create_app

    schema = _schema()
    assert schema.query_type is not None
    app = create_app(settings.model_copy(update={"compiled_reads": compiled}), database=db)
    shown_anything = 0
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        gql = GraphQLClient(http)
        for role, email in READERS.items():
            await _login(gql, email)
            grants = current().for_roles(frozenset({role}))
            found: set[tuple[str, str]] = set()
            counts: list[tuple[int, int, bool]] = []
            roots = 0
            for root in schema.query_type.fields:
                if grants.access(f"Query.{root}") < Access.MASKED:
                    continue
                documents = root_documents(root, role, rows)
                roots += bool(documents)
                for document, variables in documents:
                    body = await gql(document, variables)
                    codes = {e.get("extensions", {}).get("code") for e in body.get("errors", [])}
                    assert codes <= {"NOT_FOUND"}, (role, document, body)  # an id out of scope: as a missing one
                    _collect(body["data"], found, counts)
            for total, listed, more in counts:
                assert total == listed or more, (
                    f"{role}: totalCount {total} counts rows the list does not show ({listed})"
                )
            if not found:
                continue
            orphans = sorted(pair for pair in found if pair[1].startswith("("))
            assert not orphans, f"{role} sees entries of rows that node(id) hides: {orphans}"
            aliases = {f"n{i}": pair for i, pair in enumerate(sorted(found))}
            check = (
                "query {"
                + " ".join(f'{a}: node(id: "{gid}") {{ __typename }}' for a, (_, gid) in aliases.items())
                + "}"
            )
            answer = await gql(check)
            assert "errors" not in answer, answer
            leaked = sorted(pair for a, pair in aliases.items() if answer["data"][a] is None)
            assert not leaked, f"{role} sees through nested fields rows that node(id) hides: {leaked}"
            shown_anything += len(found)
    assert shown_anything > 0


async def test_every_subscriber_at_once_decides_as_each_one_alone(rows: Rows, db: Database) -> None:
    """Live events ask the `Ticket` row scope for all of a process's subscribers in one statement
    (`visible_to_each`, see support.live.TicketSight): for every reader, that answers as the scope alone does."""
    readers = dict(rows.principals)
    for email in (READERS["customer"], "vip-agent@scope.example", "rep2@demo.example", "agent2@demo.example"):
        readers[email] = await factories.principal(db, email)
    tickets = rows.ids["Ticket"]
    async with db.read() as session:
        each = await visible_to_each(session, list(readers.values()), "Ticket", tickets)
        alone = [await visible_ids(session, p, "Ticket", tickets) for p in readers.values()]
    assert each == alone
    for name, seen in zip(readers, alone, strict=True):
        assert seen or name == "marketing", f"{name} sees no ticket: the comparison proves nothing"
    assert any(0 < len(seen) < len(tickets) for seen in alone), "no reader's scope splits the tickets"
