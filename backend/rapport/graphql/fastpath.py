"""The compiled read path: answers a POSTed query from one SQL statement when the compiler knows it.

Between the ASGI server and Strawberry: it takes the request as `rapport.graphql.http` read it, and when the
operation has a plan (`rapport.graphql.compiler`), the caller is signed in and the enforcement layer allows every
field, it runs the plan's SQL and sends PostgreSQL's JSON text as the response. In every other case - and
whenever anything about the request is unusual - it steps aside and Strawberry answers as before (with the body
replayed), so errors, mutations and subscriptions keep their one implementation.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from types import SimpleNamespace
from typing import Any

import orjson
from graphql import DocumentNode, FieldNode, GraphQLError, GraphQLField, GraphQLSchema, OperationDefinitionNode
from graphql.execution.values import VariableValues, get_argument_values
from starlette.types import Scope, Send

from rapport.config import Settings
from rapport.core import clock
from rapport.core.authz import policy as authz_policy
from rapport.core.authz.enforce import argument_needs, describe, has_argument_rules, required_access, violations
from rapport.core.authz.policy import Access, PrincipalPolicy
from rapport.core.authz.readlog import read_log
from rapport.core.authz.scopes import principal_key
from rapport.core.db import Database
from rapport.core.i18n import reader_locale, request_locale
from rapport.core.logging import request_id
from rapport.core.principal import Principal
from rapport.core.sqlstats import SQL_STATEMENTS, StatementStats, caller_lookup
from rapport.graphql.compiled_reveal import reveal_under
from rapport.graphql.compiler import (
    ObjectPlan,
    Plan,
    Shape,
    coerce_variables,
    directive_variables,
    page_sizes_within,
    plan_operation,
    shape_of,
    sql_for,
)
from rapport.graphql.compiler.catalog import Catalog
from rapport.graphql.compiler.nodes import plan_children
from rapport.graphql.declare import NOW
from rapport.graphql.http import GraphQLRequest
from rapport.graphql.limits import DocumentCaps, checked_document, input_problems, parse_within, size_problem
from rapport.graphql.prepared import Prepared, PreparedRequests
from rapport.graphql.trusted import TrustedDocument

log = logging.getLogger(__name__)

#: (principal, session token, statements so far) of the caller; the fallback reuses them instead of
#: authenticating again.
AUTH_SCOPE_KEY = "rapport.auth"
_PLANS_SIZE = 1024

Authenticate = Callable[[Scope], Awaitable[tuple[Principal | None, str | None]]]
Observe = Callable[[str | None, str, float], None]


class CompiledReads:
    """Plans per query text, and serving a request from its plan."""

    def __init__(
        self,
        schema: GraphQLSchema,
        settings: Settings,
        db: Database,
        authenticate: Authenticate,
        observe: Observe,
        rules: tuple[Any, ...] = (),
        *,
        catalog: Catalog,
    ) -> None:
        self.schema = schema
        self.catalog = catalog
        self.settings = settings
        self.db = db
        self.authenticate = authenticate
        self.observe = observe
        self.rules = rules
        self.caps = DocumentCaps.from_settings(settings)
        #: Per query text and operation name: its parse and the variables its `@include`/`@skip` read (None: a
        #: document over the caps or that does not parse); per text, name and shape: the plan.
        self._documents: OrderedDict[tuple[str, str | None], tuple[DocumentNode, tuple[str, ...]] | None] = (
            OrderedDict()
        )
        self._plans: OrderedDict[tuple[str, str | None, Shape], Plan | None] = OrderedDict()
        self.served = 0  # requests answered here (tests and metrics read it)
        self.prepared = PreparedRequests()  # requests checked and built before (rapport.graphql.prepared)

    def plan(self, query: str, operation_name: str | None, variables: Mapping[str, Any] | None = None) -> Plan | None:
        """The plan of a query text for the booleans of these variables that its directives read (None when the
        compiler does not take it), built once per shape."""
        shaped = self.shaped(query, operation_name, variables)
        if shaped is None:
            return None
        document, _, shape = shaped
        key = (query, operation_name, shape)
        if key in self._plans:
            self._plans.move_to_end(key)
            return self._plans[key]
        plan = plan_operation(
            self.schema, self.catalog, query, operation_name, self.rules, document=document, shape=shape
        )
        self._plans[key] = plan
        if len(self._plans) > _PLANS_SIZE:
            self._plans.popitem(last=False)
        return plan

    def shaped(
        self, query: str, operation_name: str | None, variables: Mapping[str, Any] | None
    ) -> tuple[DocumentNode, OperationDefinitionNode, Shape] | None:
        """A request's parse, operation and shape (None: not for the compiler, or a flag that is no boolean)."""
        parsed = self.document(query, operation_name)
        operation = None if parsed is None else operation_of(parsed[0], operation_name)
        shape = None if parsed is None or operation is None else shape_of(operation, parsed[1], variables)
        return None if parsed is None or operation is None or shape is None else (parsed[0], operation, shape)

    def shapes(self, query: str, operation_name: str | None) -> list[Shape]:
        """Every shape of a document: each combination of the booleans its directives read (at most 2^6)."""
        parsed = self.document(query, operation_name)
        if parsed is None or len(parsed[1]) > 6:
            return []
        names = parsed[1]
        return [tuple((n, bool(bits >> i & 1)) for i, n in enumerate(names)) for bits in range(2 ** len(names))]

    def document(self, query: str, operation_name: str | None) -> tuple[DocumentNode, tuple[str, ...]] | None:
        key = (query, operation_name)
        if key in self._documents:
            self._documents.move_to_end(key)
            return self._documents[key]
        parsed = None
        # The caps on documents first (as the resolvers' path checks them), then the planner on the same parse.
        if size_problem(query, self.caps.max_bytes) is None:
            try:
                document = parse_within(query, self.caps.max_tokens)
            except GraphQLError:
                document = None
            if document is not None and checked_document(query, document, self.caps) is None:
                parsed = (document, directive_variables(document))
        self._documents[key] = parsed
        if len(self._documents) > _PLANS_SIZE:
            self._documents.popitem(last=False)
        return parsed

    async def serve(
        self,
        scope: Scope,
        request: GraphQLRequest,
        media_type: str,
        send: Send,
        trusted: TrustedDocument | None = None,
        headers: dict[bytes, bytes] | None = None,
    ) -> bool:
        """Answer the request (already read and checked: `rapport.graphql.http`) from its plan and return True,
        or return False to let the resolvers answer. A request whose document is the web app's own (`trusted`, from
        the manifest) is kept once prepared (`rapport.graphql.prepared`). `headers`: the scope's, as a mapping, when
        the caller has made it already."""
        started = time.perf_counter()
        headers = dict(scope["headers"]) if headers is None else headers
        query, variables, name = request.query, request.variables, request.operation_name
        if query is None:  # a persisted query not resolved from the manifest (rapport.graphql.trusted)
            return False
        stats = StatementStats()
        with caller_lookup(stats):
            principal, token = await self.authenticate(scope)
        scope[AUTH_SCOPE_KEY] = (principal, token, stats)
        if principal is None:
            return False  # anonymous callers never reach the compiler (nor its caches)
        policy = authz_policy.current().for_roles(principal.roles)
        locale = _reader_locale(headers, principal)
        key = None
        if trusted is not None and trusted.text == query:  # the manifest's text: one copy however many entries
            key = self.prepared.key(trusted.text, name, variables, (principal_key(principal), locale))
        prepared = self.prepared.get(key, policy)
        if prepared is None:
            prepared = self._checked(query, name, variables, principal, policy, locale)
            if prepared is None:
                return False
            self.prepared.put(key, policy, prepared)
        found = await self.run(prepared, principal, stats, policy, locale)
        if found is None:
            return False
        text, data = found
        debug = b',"extensions":' + orjson.dumps({"sql": stats.as_extension()}) if self._debug(headers) else b""
        payload = b'{"data":' + (text.encode() if data is None else orjson.dumps(data)) + debug + b"}"
        length = str(len(payload)).encode()
        headers_out = [(b"content-type", media_type.encode()), (b"content-length", length)]
        await send({"type": "http.response.start", "status": 200, "headers": headers_out})
        await send({"type": "http.response.body", "body": payload})
        self.served += 1
        self.observe(name, "query", time.perf_counter() - started)
        return True

    def _checked(
        self,
        query: str,
        name: str | None,
        variables: dict[str, Any] | None,
        principal: Principal,
        policy: PrincipalPolicy,
        locale: str,
    ) -> Prepared | None:
        """A request's plan and SQL when the compiler takes it and it passes the input limits and the policy (None:
        the resolvers answer: they report what is wrong, or answer what the compiler does not take)."""
        try:
            plan = self.plan(query, name, variables)
        except Exception:  # a document the planner cannot read: the resolvers' validation reports it
            log.exception("could not plan a query; answering through the resolvers")
            return None
        if plan is None or not page_sizes_within(plan, variables, self.settings.graphql_max_page_size):
            return None
        try:  # the variables coerced once, as the executor coerces them, for the input limits and the SQL alike
            coerced = coerce_variables(self.schema, plan, variables)
        except Exception:
            log.exception("could not coerce a query's variables; answering through the resolvers")
            return None
        max_size = self.settings.graphql_max_page_size
        if coerced is None or input_problems(self.schema, plan.document, name, variables, max_size, coerced=coerced):
            return None  # the resolvers report variables that do not coerce or break a limit (BAD_USER_INPUT)
        if violations(self.schema, plan.document, variables, policy, query, name) or plan_violations(
            self.schema, plan, variables, policy, coerced
        ):
            return None  # the resolvers answer FORBIDDEN, as they always do
        return self.prepare(plan, principal, variables, locale, coerced)

    async def read(
        self,
        plan: Plan,
        principal: Principal,
        variables: dict[str, Any] | None,
        headers: Mapping[bytes, bytes],
        stats: StatementStats,
        policy: PrincipalPolicy,
        coerced: Any = None,
    ) -> tuple[str, dict[str, Any] | None] | None:
        """Run a plan the policy allows for the caller in one statement (its variables `coerced`, or coerced here):
        PostgreSQL's JSON text, and the data with its sensitive values revealed (None: let the resolvers answer)."""
        locale = _reader_locale(headers, principal)
        prepared = self.prepare(plan, principal, variables, locale, coerced)
        return None if prepared is None else await self.run(prepared, principal, stats, policy, locale)

    def prepare(
        self, plan: Plan, principal: Principal, variables: dict[str, Any] | None, locale: str, coerced: Any = None
    ) -> Prepared | None:
        """The plan's SQL for the caller with the request's values bound (None: let the resolvers answer)."""
        # The reader's language, as the resolvers would take it: seeded names are read in it, so the SQL is per
        # language too.
        locale_token = reader_locale.set(locale)
        try:
            coerced = coerce_variables(self.schema, plan, variables) if coerced is None else coerced
            scope_key = (principal_key(principal), locale)
            found = None if coerced is None else sql_for(plan, self.schema, principal, scope_key, coerced)
        except Exception:
            log.exception("could not build the compiled SQL; answering through the resolvers")
            return None
        finally:
            reader_locale.reset(locale_token)
        return None if found is None else Prepared(plan, *found)

    async def run(
        self, prepared: Prepared, principal: Principal, stats: StatementStats, policy: PrincipalPolicy, locale: str
    ) -> tuple[str, dict[str, Any] | None] | None:
        """Run a prepared request's statement, its current time bound now: PostgreSQL's JSON text, and the data with
        its sensitive values revealed (None: let the resolvers answer)."""
        plan, compiled = prepared.plan, prepared.compiled
        binds = {**prepared.binds, NOW.key: clock.now()}
        sql_started = time.perf_counter()
        try:
            # On the read replica when there is one that has what this caller must see (core.replica).
            row, _ = await self.db.fetch_compiled(compiled.text, compiled.arguments(binds))
        except Exception:
            log.exception("compiled read failed; answering through the resolvers")
            return None
        SQL_STATEMENTS.inc()
        stats.statements += 1
        stats.seconds += time.perf_counter() - sql_started
        if row is None or row[1]:
            return None  # deferred (e.g. a merged customer's id): the resolvers know what to do
        text: str = row[0]
        if not plan.sensitive:
            return text, None
        data = orjson.loads(text)
        context = SimpleNamespace(policy=policy, sensitive_reads={}, locale=locale)
        try:
            for root in plan.roots:
                if root.child is not None:
                    reveal_under(data.get(root.key), root.child, root.connection_keys, context)
        except Exception:  # e.g. a value that does not decrypt: the resolvers report it on its field
            log.exception("could not reveal a compiled read's sensitive values; answering through the resolvers")
            return None
        for (entity_type, entity_id), fields in context.sensitive_reads.items():
            read_log.record(principal.user_id, entity_type, entity_id, fields, request_id.get())
        return text, data

    def _debug(self, headers: dict[bytes, bytes]) -> bool:
        return self.settings.is_development and headers.get(b"x-rapport-debug", b"").lower() == b"sql"


def _reader_locale(headers: Mapping[bytes, bytes], principal: Principal) -> str:
    """The reader's language, as the resolvers take it: the request's Accept-Language, else the user's own."""
    return request_locale(headers.get(b"accept-language", b"").decode("latin-1"), principal.locale)


def operation_of(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    """The operation a request runs: the named one, or the only one."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    matching = [o for o in operations if o.name is not None and o.name.value == name]
    return matching[0] if len(matching) == 1 else None


def plan_violations(
    schema: GraphQLSchema,
    plan: Plan,
    variables: dict[str, Any] | None,
    policy: PrincipalPolicy,
    coerced: VariableValues | None = None,
) -> list[str]:
    """What the plan's SQL would select or filter by that the policy denies (the compiled path's own check).

    The pre-check (`violations`) runs on the document; this runs on the plan, which is what the SQL reads, so
    that the compiled path fails closed by itself, as the executor's execution-time check does. The fields a
    plan reads are listed once per plan; per request only arguments the policy has rules for are read, from the
    variables as `coerce_variables` coerces them for the SQL (`coerced`, when the caller has them already); a plan
    with such arguments and variables that do not coerce is refused.
    """
    if policy.is_admin:
        return []
    needs, sites = _plan_needs(schema, plan)
    found = list(needs)
    if sites:
        coerced = coerce_variables(schema, plan, variables) if coerced is None else coerced
        if coerced is None:
            return ["run with variables that do not coerce"]
        for coordinate, definition, node in sites:
            found += argument_needs(coordinate, definition, get_argument_values(definition, node, coerced))
    return describe(found, policy)


_Site = tuple[str, GraphQLField, FieldNode]
_PLAN_NEEDS: OrderedDict[int, tuple[Plan, tuple[tuple[str, Access], ...], tuple[_Site, ...]]] = OrderedDict()


def _plan_needs(schema: GraphQLSchema, plan: Plan) -> tuple[tuple[tuple[str, Access], ...], tuple[_Site, ...]]:
    """The fields a plan reads and the fields whose arguments the policy has rules for, remembered per plan."""
    known = _PLAN_NEEDS.get(id(plan))
    if known is not None and known[0] is plan:  # the entry keeps its plan alive: ids stay unique
        return known[1], known[2]
    found: list[tuple[str, Access]] = []
    sites: list[_Site] = []
    for root in plan.roots:
        coordinate = root.coordinate or f"Query.{root.node.name.value}"
        parent, _, name = coordinate.partition(".")
        access = Access.READ if root.coordinate is None else required_access(parent, name)
        if access is not None:
            found.append((coordinate, access))
        if has_argument_rules(schema, coordinate, root.definition):
            sites.append((coordinate, root.definition, root.node))
        for child in plan_children(root):
            _object_needs(schema, child, found, sites)
    _PLAN_NEEDS[id(plan)] = (plan, tuple(found), tuple(sites))
    if len(_PLAN_NEEDS) > _PLANS_SIZE:
        _PLAN_NEEDS.popitem(last=False)
    return tuple(found), tuple(sites)


def _object_needs(schema: GraphQLSchema, plan: ObjectPlan, found: list[tuple[str, Access]], sites: list[_Site]) -> None:
    type_name = plan.projection.type_name
    for item in plan.fields:
        if item.kind == "member":  # a union's member (`@merged`): its own fields are checked below
            for child in plan_children(item):
                _object_needs(schema, child, found, sites)
            continue
        coordinate = f"{type_name}.{item.name}"
        access = required_access(type_name, item.name)
        if access is not None:
            found.append((coordinate, access))
        if item.definition is not None and has_argument_rules(schema, coordinate, item.definition):
            sites.append((coordinate, item.definition, item.node))
        for child in plan_children(item):
            _object_needs(schema, child, found, sites)
