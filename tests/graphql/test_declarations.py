"""Every field declaration is exercised by the differential comparison, for every role: generated, not hand-picked.

The queries come from the declarations themselves. From every compiled root (`rapport.assembly.install().roots`,
and the roots still registered the old way), every type a role can reach through compiled relations is selected
whole once per root — each column, expression, sensitive value and relation of it the role may read, with the
relations one level further — and run against two apps on the demo data: compiled reads on (as shipped), and
resolvers only. The test fails when the answers differ, when a generated query is not compiled, or when a
declared field, relation or root of a declared table (`install().tables`) is exercised by no role. It prints the
coverage per role: declared fields exercised / declared fields the role may read.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from graphql import GraphQLField, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, get_named_type
from graphql.pyutils import Undefined
from sqlalchemy import Table as SqlTable
from sqlalchemy import func, not_, select

from rapport.app import create_app
from rapport.config import Settings
from rapport.core.authz.enforce import required_access
from rapport.core.authz.policy import PrincipalPolicy, current
from rapport.core.authz.scopes import scoped_types, visible
from rapport.core.db import Database
from rapport.core.principal import Principal
from rapport.graphql.compiler.catalog import Catalog, Projection, camel
from rapport.graphql.declare import Computed, declaration, public_fields
from rapport.graphql.node import to_global_id
from rapport.manifest import Assembly
from tests import factories
from tests.conftest import GraphQLClient
from tests.integrations.world import webhook_world
from tests.marketing.reads_world import marketing_reads

#: A user per shipped role (the demo's, and two the fixture creates).
USERS = {
    "sales_rep": "rep@demo.example",
    "sales_manager": "manager@demo.example",
    "sales_director": "director@demo.example",
    "service_agent": "agent@demo.example",
    "service_supervisor": "supervisor@demo.example",
    "marketing": "marketing@demo.example",
    "marketing_manager": "mktmanager@demo.example",
    "analyst": "analyst@demo.example",
    "integrator": "integrator@declarations.example",
    "customer": "portal@declarations.example",
    "admin": "admin@demo.example",
}
#: Page sizes of generated queries: small pages keep the documents fast and still show rows.
ROOT_PAGE, RELATION_PAGE = 6, 3
#: Ids per "one" root and role: the visible row with the most related rows, and the first visible one.
IDS_PER_ROOT = 2
#: The compiler builds one json_build_object per object: at most 50 keys (see compiler/plan.py).
FIELDS_PER_DOCUMENT = 40


# --- what is declared -------------------------------------------------------------------------------------------


def declared_fields(assembly: Assembly) -> dict[tuple[str, str], str]:
    """(type, GraphQL field) -> kind, for every field of every declared table the compiler takes."""
    found: dict[tuple[str, str], str] = {}
    for name, table in assembly.tables.items():
        for item in public_fields(table.strawberry_type):
            graphql_name = item.graphql_name or camel(item.python_name)
            spec = declaration(item)
            if graphql_name == "id" or isinstance(spec, Computed):
                continue
            if item.base_resolver is not None and spec is None:
                continue  # an undeclared resolver: the declaration tests of the kit refuse these
            found[(name, graphql_name)] = "column" if spec is None else type(spec).__name__.lower()
    return found


# --- generated selections ---------------------------------------------------------------------------------------


@dataclass
class Selection:
    """A field selected in a generated document, and what it selects below."""

    name: str
    arguments: str = ""
    child: Selections | None = None
    connection: bool = False
    alias: str | None = None

    @property
    def key(self) -> str:
        """The response key."""
        return self.alias or self.name

    def render(self) -> str:
        head = f"{self.alias}: {self.name}" if self.alias else self.name
        if self.child is None:
            return head
        if self.connection:
            return f"{head}{self.arguments} {{ totalCount nodes {{ {self.child.render()} }} }}"
        return f"{head}{self.arguments} {{ {self.child.render()} }}"


@dataclass
class Selections:
    """The selection set of one object type; of a union (`members`), an inline fragment on each member type."""

    type_name: str
    fields: list[Selection] = field(default_factory=list)
    members: list[Selections] = field(default_factory=list)

    def render(self) -> str:
        fragments = [f"... on {member.type_name} {{ {member.render()} }}" for member in self.members]
        return " ".join(["__typename", *(item.render() for item in self.fields), *fragments])

    def member(self, value: dict[str, Any]) -> Selections:
        """What a value was selected with: its member's selection for a union's object (by `__typename`)."""
        found = [member for member in self.members if member.type_name == value.get("__typename")]
        return found[0] if found else self


@dataclass
class Document:
    """A generated query, the fields it exercises and the root it starts from."""

    root: str
    text: str
    variables: dict[str, Any]
    tree: Selections
    root_connection: bool
    exercised: set[tuple[str, str]]


#: Arguments that keep a root's answer still while the test reads it: the audit log grows as the test reads (each
#: clear read of a sensitive value is audited, written a moment later), so the compared page is the seed's entries.
STEADY_ARGUMENTS = {
    "auditLog": ['filter: {action: "create"}'],
    "customerDuplicateCheck": ['draft: {name: "华为技术有限公司"}'],
}


class Generator:
    """Queries for one role: from each compiled root, each reachable type selected whole once."""

    def __init__(self, schema: GraphQLSchema, catalog: Catalog, grants: PrincipalPolicy) -> None:
        self.schema, self.catalog, self.grants = schema, catalog, grants
        self.skipped: dict[str, str] = {}

    def readable(self, type_name: str, field_name: str) -> bool:
        needed = required_access(type_name, field_name)
        return needed is None or self.grants.access(f"{type_name}.{field_name}") >= needed

    def _definition(self, type_name: str, field_name: str) -> GraphQLField:
        graphql_type = self.schema.get_type(type_name)
        assert isinstance(graphql_type, GraphQLObjectType)
        return graphql_type.fields[field_name]

    def _arguments(self, definition: GraphQLField, where: str) -> str | None:
        """Arguments of a relation: a small `first`, defaults for the rest; None when one is required."""
        given = []
        for name, argument in definition.args.items():
            if name == "first":
                given.append(f"first: {RELATION_PAGE}")
            elif isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined:
                self.skipped[where] = f"argument {name} is required"
                return None
        return f"({', '.join(given)})" if given else ""

    def _values(self, type_name: str) -> Selections:
        """Every field of an object of value types (not a declared table), objects below it too."""
        graphql_type = self.schema.get_type(type_name)
        assert isinstance(graphql_type, GraphQLObjectType)
        found = []
        for name, definition in graphql_type.fields.items():
            inner = get_named_type(definition.type)
            found.append(
                Selection(name, child=self._values(inner.name) if isinstance(inner, GraphQLObjectType) else None)
            )
        return Selections(type_name, found)

    def _relations(self, projection: Projection) -> Iterator[tuple[str, Any, str]]:
        for name, spec in projection.relations.items():
            if spec.target not in self.catalog.projections or not self.readable(projection.type_name, name):
                continue
            arguments = self._arguments(self._definition(projection.type_name, name), f"{projection.type_name}.{name}")
            if arguments is not None:
                yield name, spec, arguments

    def _minimal(self, name: str, spec: Any, arguments: str) -> Selection:
        return Selection(name, arguments, Selections(spec.target), spec.shape == "connection")

    def _variants(self, type_name: str, name: str, spec: Any, arguments: str) -> Iterator[Selection]:
        """The relation again with each compiled Boolean argument at its other value (e.g. `openOnly: false`)."""
        for argument_name, argument in self._definition(type_name, name).args.items():
            default = argument.default_value
            if argument_name in spec.arguments and isinstance(default, bool) and _named(argument.type) == "Boolean":
                given = ", ".join(filter(None, [arguments.strip("()"), f"{argument_name}: {str(not default).lower()}"]))
                alias = f"{name}_{argument_name}_{str(not default).lower()}"
                yield Selection(name, f"({given})", Selections(spec.target), spec.shape == "connection", alias)

    def whole(self, type_name: str) -> list[Selections]:
        """Every readable field of a type, relations one level deep (split to stay within the compiler's width)."""
        projection = self.catalog.projections[type_name]
        flat: list[Selection] = []
        graphql_type = self.schema.get_type(type_name)
        assert isinstance(graphql_type, GraphQLObjectType)
        if "id" in graphql_type.fields and self.readable(type_name, "id"):
            flat.append(Selection("id"))
        for name in [*projection.columns, *projection.sensitive, *projection.through, *projection.rendered]:
            value_type = self.schema.get_type(_named(self._definition(type_name, name).type))
            if self.readable(type_name, name) and not isinstance(value_type, GraphQLObjectType):
                flat.append(Selection(name))
        # The caller's own value, a derived object as JSON (`Derived.json`) and a rendered one (e.g. a churn score's
        # reasons): objects of value types, selected whole.
        for name in [*projection.given, *projection.json, *projection.rendered]:
            value_type = _named(self._definition(type_name, name).type)
            objects = isinstance(self.schema.get_type(value_type), GraphQLObjectType)
            if self.readable(type_name, name) and objects:
                flat.append(Selection(name, child=self._values(value_type)))
        for name, spec, arguments in self._relations(projection):
            flat.append(self._minimal(name, spec, arguments))
            flat += self._variants(type_name, name, spec, arguments)
        flat += self._merged(projection)
        chunks = [flat[i : i + FIELDS_PER_DOCUMENT] for i in range(0, len(flat), FIELDS_PER_DOCUMENT)]
        return [Selections(type_name, chunk) for chunk in chunks] or [Selections(type_name)]

    def _merged(self, projection: Projection) -> Iterator[Selection]:
        """A connection over a union (`@merged`), once per chunk of its members' whole selections (aliased), so that
        every member's every field is selected and each object stays within the compiler's width."""
        for name, spec in projection.relations.items():
            if spec.members is None or not self.readable(projection.type_name, name):
                continue
            arguments = self._arguments(self._definition(projection.type_name, name), f"{projection.type_name}.{name}")
            if arguments is None:
                continue
            wholes = [self.whole(member) for member in dict.fromkeys(spec.members().values())]
            for i in range(max(len(chunks) for chunks in wholes)):
                chunk = [c[i] for c in wholes if i < len(c)]
                # A field name that members type differently is aliased by member (they would conflict).
                types: dict[str, set[str]] = {}
                for member in chunk:
                    for f in member.fields:
                        types.setdefault(f.name, set()).add(str(self._definition(member.type_name, f.name).type))
                members = [
                    Selections(
                        m.type_name,
                        [replace(f, alias=f"{m.type_name}_{f.key}") if len(types[f.name]) > 1 else f for f in m.fields],
                    )
                    for m in chunk
                ]
                union = Selections(spec.target, members=members)
                yield Selection(name, arguments, union, connection=True, alias=f"{name}_{i}" if i else None)

    def paths(self, target: str) -> Iterator[list[Selection]]:
        """Each type reachable from a root's target once, by its shortest path of relations (breadth first)."""
        seen = {target}
        queue: list[tuple[str, list[Selection]]] = [(target, [])]
        while queue:
            type_name, path = queue.pop(0)
            yield path
            for name, spec, arguments in self._relations(self.catalog.projections[type_name]):
                if spec.target not in seen:
                    seen.add(spec.target)
                    queue.append((spec.target, [*path, self._minimal(name, spec, arguments)]))

    def documents(self, root: str, ids: list[uuid.UUID]) -> Iterator[Document]:
        """The generated queries of one root field (one per reachable type and id)."""
        spec = self.catalog.roots[root]
        definition = self.schema.query_type.fields[root] if self.schema.query_type else None
        assert definition is not None
        if not self.readable("Query", root):
            return
        if spec.shape == "json":  # an answer of value types, not of declared tables: test_app_coverage compares them
            return
        if spec.shape == "scalar":  # one value, no selection
            yield Document(root, f"query {{ r: {root} }}", {}, Selections("Query"), False, {("Query", root)})
            return
        variables: list[dict[str, Any]] = [{}]
        declared_variables, given = "", []
        for name, argument in definition.args.items():
            if name in spec.global_id_arguments:
                declared_variables = f"(${name}: ID!)"
                given.append(f"{name}: ${name}")
                variables = [{name: to_global_id(spec.global_id_arguments[name], raw)} for raw in ids]
            elif name == "first":
                given.append(f"first: {ROOT_PAGE}")
            elif any(steady.startswith(f"{name}:") for steady in STEADY_ARGUMENTS.get(root, [])):
                continue
            elif isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined:
                self.skipped[f"Query.{root}"] = f"argument {name} is required"
                return
        given += STEADY_ARGUMENTS.get(root, [])
        arguments = f"({', '.join(given)})" if given else ""
        connection = spec.shape == "connection"
        for path in self.paths(spec.target):
            leaf_type = path[-1].child.type_name if path else spec.target
            for whole in self.whole(leaf_type):
                tree = _nest(spec.target, path, whole)
                body = f"totalCount nodes {{ {tree.render()} }}" if connection else tree.render()
                text = f"query{declared_variables} {{ r: {root}{arguments} {{ {body} }} }}"
                exercised = {("Query", root), *_exercised(tree)}
                for values in variables:
                    yield Document(root, text, values, tree, connection, exercised)


def _named(kind: Any) -> str:
    return str(get_named_type(kind).name)


def _nest(root_type: str, path: list[Selection], leaf: Selections) -> Selections:
    """The selection of `leaf` at the end of a path of relations from the root's type."""
    if not path:
        return leaf
    head = path[0]
    inner = _nest(head.child.type_name if head.child else root_type, path[1:], leaf)
    return Selections(root_type, [Selection(head.name, head.arguments, inner, head.connection)])


def _exercised(tree: Selections) -> Iterator[tuple[str, str]]:
    for item in tree.fields:
        yield (tree.type_name, item.name)
        if item.child is not None:
            yield from _exercised(item.child)
    for member in tree.members:
        yield from _exercised(member)


def _shown(tree: Selections, value: Any, found: set[tuple[str, str]]) -> None:
    """The (type, field) pairs that showed a value (not null, not empty) somewhere in a response."""
    if isinstance(value, list):
        for item in value:
            _shown(tree, item, found)
        return
    if not isinstance(value, dict):
        return
    tree = tree.member(value)
    for item in tree.fields:
        got = value.get(item.key)
        if got is None or got == [] or (item.connection and not got.get("nodes")):
            continue
        found.add((tree.type_name, item.name))
        if item.child is not None:
            _shown(item.child, got["nodes"] if item.connection else got, found)


# --- the world --------------------------------------------------------------------------------------------------


@pytest.fixture
async def seeded(db: Database, settings: Settings) -> dict[str, Any]:
    """Demo data of every domain, a user for each shipped role, and tasks and notifications for each of them."""
    from rapport.activities.service import TaskDraft, create_task, notify
    from rapport.demo import seed_demo
    from rapport.identity.service import create_user

    report = await seed_demo(db, settings, locale="zh_CN", customers=40)
    async with db.write() as session:
        await create_user(session, email=USERS["integrator"], name="ERP", password="rapport-demo", roles=["integrator"])
        await create_user(session, email=USERS["customer"], name="Portal", password="rapport-demo", roles=["customer"])
    due = datetime(2030, 1, 1, tzinfo=UTC)
    for index, email in enumerate(USERS.values()):
        principal = await factories.principal(db, email)
        async with db.write() as session:
            task = await create_task(
                session,
                principal,
                TaskDraft(title=f"Call back {index}", due_at=due, remind_at=due - timedelta(hours=1)),
            )
            notify(
                session,
                principal.user_id,
                kind="task_assigned",
                title="New task",
                entity_type="Task",
                entity_id=task.id,
            )
            notify(session, principal.user_id, kind="escalation", title="Plain", body="No entity")
    await webhook_world(db, settings, USERS["integrator"])
    await marketing_reads(db)  # campaigns, journeys and suppressions (the demo seeds none)
    return report


def _app(settings: Settings, db: Database, **changes: Any) -> Any:
    return create_app(settings.model_copy(update=changes), database=db)


def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def _root_ids(db: Database, catalog: Catalog, principal: Principal, root: str) -> list[uuid.UUID]:
    """Rows of the type a root's id names (its own, or another: `customerDuplicates(id:)` names a customer) that the
    caller may see: those with the most related rows of each kind first."""
    spec = catalog.roots[root]
    id_type = next(iter(spec.global_id_arguments.values()))
    model = catalog.projections[id_type].model
    own: SqlTable = model.__table__
    conditions = [visible(id_type, principal)] if id_type in scoped_types() else []
    if spec.defer_when is not None and spec.shape != "json":  # a JSON root's condition is on its answer
        conditions.append(not_(spec.defer_when(model)))  # the resolvers answer those (e.g. a merged customer)
    statements = [
        select(model.id)
        .join(fk.parent.table, fk.parent == model.id)
        .where(*conditions)
        .group_by(model.id)
        .order_by(func.count().desc(), model.id)
        .limit(1)
        for table in model.metadata.sorted_tables
        if table is not own
        for fk in table.foreign_keys
        if fk.column.table is own and fk.column.name == "id"
    ]
    statements.append(select(model.id).where(*conditions).order_by(model.id).limit(1))
    found: list[uuid.UUID] = []
    async with db.read() as session:
        for statement in statements:
            found += [i for i in (await session.execute(statement)).scalars() if i not in found]
    return found[:IDS_PER_ROOT]


def _why_not(schema: GraphQLSchema, catalog: Catalog, text: str) -> str:
    """Why the compiler left a query to the resolvers (its planner's reason; else its SQL builder's)."""
    from graphql import OperationDefinitionNode, parse

    from rapport.graphql.compiler.plan import NotCompiled, _plan_roots

    operation = parse(text).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    try:
        _plan_roots(schema, catalog, operation.selection_set)
    except NotCompiled as error:
        return str(error)
    return "planned, but its SQL was not built (arguments the relation's rows refuse?)"


def _difference(got: Any, expected: Any, label: str, path: str = "") -> str:
    if isinstance(got, dict) and isinstance(expected, dict):
        if list(got) != list(expected):
            return f"{label}: keys at {path or '/'}: {list(got)} != {list(expected)}"
        for key in got:
            if got[key] != expected[key]:
                return _difference(got[key], expected[key], label, f"{path}/{key}")
    if isinstance(got, list) and isinstance(expected, list) and len(got) == len(expected):
        for i, (a, b) in enumerate(zip(got, expected, strict=True)):
            if a != b:
                return _difference(a, b, label, f"{path}/{i}")
    return f"{label}: at {path or '/'}: {got!r} != {expected!r}"


# --- the test ---------------------------------------------------------------------------------------------------


async def test_every_declaration_answers_alike_compiled_and_resolved_for_every_role(
    seeded: dict[str, Any], db: Database, settings: Settings
) -> None:
    from rapport.assembly import install

    assembly = install()
    compiled_app, resolver_app = _app(settings, db), _app(settings, db, compiled_reads=False)
    schema_holder = compiled_app.state.graphql
    catalog: Catalog = schema_holder.schema.catalog
    schema: GraphQLSchema = schema_holder.schema._schema
    declared = declared_fields(assembly)
    declared_roots = {name for name, spec in assembly.roots.items() if spec.shape != "json"}
    policy = current()
    assert set(USERS) >= {role for role in policy.role_fields if role != "anonymous"}, "a shipped role has no user"

    exercised: dict[str, set[tuple[str, str]]] = {}
    shown: dict[str, set[tuple[str, str]]] = {}
    readable: dict[str, set[tuple[str, str]]] = {}
    not_compiled: dict[str, str] = {}  # why -> the first query it was seen in
    for role, email in USERS.items():
        principal = await factories.principal(db, email)
        grants = policy.for_roles(principal.roles)
        generator = Generator(schema, catalog, grants)
        readable[role] = {key for key in declared if generator.readable(*key)}
        exercised[role], shown[role] = set(), set()
        async with _client(compiled_app) as fast_http, _client(resolver_app) as slow_http:
            fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
            await fast.login(email)
            await slow.login(email)
            for root in sorted(catalog.roots):
                spec = catalog.roots[root]
                ids = await _root_ids(db, catalog, principal, root) if spec.global_id_arguments else []
                for document in generator.documents(root, ids):
                    served = schema_holder.compiled.served
                    expected = await slow(document.text, document.variables)
                    got = await fast(document.text, document.variables)
                    assert got == expected, _difference(got, expected, f"{role}: {document.text} {document.variables}")
                    if schema_holder.compiled.served != served + 1:
                        not_compiled.setdefault(_why_not(schema, catalog, document.text), f"{role}: {document.text}")
                        continue
                    exercised[role] |= document.exercised
                    data = (expected.get("data") or {}).get("r")
                    if data is not None:
                        _shown(document.tree, data["nodes"] if document.root_connection else data, shown[role])

    every = set().union(*exercised.values())
    every_root = {name for kind, name in every if kind == "Query"}
    report = ["declared fields exercised by the differential comparison (compiled = resolvers), per role:"]
    for role in USERS:
        mine, valued = readable[role] & exercised[role], readable[role] & shown[role]
        roots = declared_roots & {name for kind, name in exercised[role] if kind == "Query"}
        report.append(
            f"  {role:20} {len(mine):4} / {len(readable[role]):4} declared fields it may read"
            f" ({len(valued)} with a value), {len(roots)} / {len(declared_roots)} declared roots"
        )
    report.append(
        f"  {'every role':20} {len(set(declared) & every):4} / {len(declared):4} declared fields,"
        f" {len(declared_roots & every_root)} / {len(declared_roots)} declared roots"
    )
    print("\n" + "\n".join(report))
    problems = [f"not compiled ({why}): {example}" for why, example in sorted(not_compiled.items())]
    unreached = sorted(set(declared) - every)
    problems += [f"no role exercises {type_name}.{name} (no compiled root reaches it)" for type_name, name in unreached]
    problems += [f"no role exercises the root {name}" for name in sorted(declared_roots - every_root)]
    assert not problems, "\n".join([*problems, *report])
