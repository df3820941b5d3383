"""Mutations answer from the compiled path: the resolvers write, one statement reads the payload's objects.

For a POSTed mutation whose payload selects objects the compiler takes (`rapport.graphql.compiler.payloads`), the
checks the compiled read path makes run first, on the request as sent: the enforcement layer's `violations`, the
plan's own check, page sizes and input limits, and the read's SQL is built. If any of them declines, nothing here
applies and Strawberry runs the request as sent. Otherwise Strawberry runs the mutation with each compiled
object's selection reduced to its id; after the unit of work has committed, one statement reads every object as the
caller may see it now, and its JSON takes the id's place in Strawberry's response (errors, `userErrors` and
everything else in it untouched). Should that read fail after the write, the response says so on the object's
path (the change stands; the client reloads) rather than failing the request.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import orjson
from starlette.types import Message, Receive, Scope, Send

from rapport.core.authz import policy as authz_policy
from rapport.core.authz.enforce import violations
from rapport.core.authz.scopes import principal_key
from rapport.core.i18n import msg, reader_locale, render, request_locale
from rapport.core.principal import Principal
from rapport.core.sqlstats import StatementStats
from rapport.graphql.compiler import coerce_variables, page_sizes_within, sql_for
from rapport.graphql.compiler.payloads import PayloadPlan, plan_payloads
from rapport.graphql.fastpath import AUTH_SCOPE_KEY, CompiledReads, plan_violations
from rapport.graphql.http import GraphQLRequest, replay, request_body
from rapport.graphql.kit import READ_AFTER
from rapport.graphql.limits import input_problems
from rapport.graphql.node import to_global_id

log = logging.getLogger(__name__)

_PLANS_SIZE = 1024
#: The id bound for an object the mutation answered null: no row has it, so the read answers null too.
_NO_ROW = uuid.UUID(int=0)

#: Strawberry's handling of a request: (receive, send).
Run = Callable[[Receive, Send], Awaitable[None]]


class CompiledPayloads:
    """Payload plans per mutation text and shape, and answering a mutation with its payload read compiled."""

    def __init__(self, reads: CompiledReads) -> None:
        self.reads = reads
        self._plans: OrderedDict[tuple[str, str | None, tuple[tuple[str, bool], ...]], PayloadPlan | None] = (
            OrderedDict()
        )
        self.served = 0  # mutations whose payload was read here (tests read it)

    def plan(self, query: str, operation_name: str | None, variables: dict[str, Any] | None) -> PayloadPlan | None:
        """The payload plan of a mutation for the booleans of these variables (None: the resolvers answer all)."""
        shaped = self.reads.shaped(query, operation_name, variables)
        if shaped is None:
            return None
        document, operation, shape = shaped
        key = (query, operation_name, shape)
        if key in self._plans:
            self._plans.move_to_end(key)
            return self._plans[key]
        found = plan_payloads(
            self.reads.schema, self.reads.catalog, query, document, operation, shape, self.reads.rules
        )
        plan = found if isinstance(found, PayloadPlan) else None
        self._plans[key] = plan
        if len(self._plans) > _PLANS_SIZE:
            self._plans.popitem(last=False)
        return plan

    async def serve(self, scope: Scope, request: GraphQLRequest, receive: Receive, send: Send, run: Run) -> bool:
        """Answer a mutation (already read and checked) with its payload's objects read compiled and return True,
        or return False (before anything ran) to let Strawberry answer the request as sent."""
        auth = scope.get(AUTH_SCOPE_KEY)
        query, name, variables = request.query, request.operation_name, request.variables
        if auth is None or auth[0] is None or query is None or "mutation" not in query:
            return False
        principal: Principal = auth[0]
        try:
            payload = self.plan(query, name, variables)
        except Exception:
            log.exception("could not plan a mutation's payload; answering through the resolvers")
            return False
        if payload is None:
            return False
        reads, limit = self.reads, self.reads.settings.graphql_max_page_size
        if not page_sizes_within(payload.plan, variables, limit) or input_problems(
            reads.schema, payload.plan.document, name, variables, limit
        ):
            return False
        policy = authz_policy.current().for_roles(principal.roles)
        if violations(reads.schema, payload.plan.document, variables, policy, query, name) or plan_violations(
            reads.schema, payload.plan, variables, policy
        ):
            return False  # the resolvers answer FORBIDDEN before anything runs, as they always do
        headers = dict(scope["headers"])
        if not self._readable(payload, principal, variables, headers):
            return False
        started: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        reduced = request_body(replace(request, query=payload.text))
        scope[READ_AFTER] = frozenset((entry.root_key, entry.field_name) for entry in payload.entries)
        try:
            await run(replay([{"type": "http.request", "body": reduced, "more_body": False}], receive), capture)
        finally:
            scope.pop(READ_AFTER, None)
        if started is None:
            return True  # nothing was answered (the client went away)
        body = b"".join(chunks)
        if started["status"] == 200:
            filled = await self._filled(payload, body, principal, variables, headers, policy)
            if filled is not None:
                body = filled
                self.served += 1
        response_headers = [(k, v) for k, v in started.get("headers", []) if k.lower() != b"content-length"]
        await send({**started, "headers": [*response_headers, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
        return True

    def _readable(
        self, payload: PayloadPlan, principal: Principal, variables: dict[str, Any] | None, headers: dict[bytes, bytes]
    ) -> bool:
        """Whether the read's SQL can be built for this caller and these variables (built now, kept for after)."""
        locale = request_locale(headers.get(b"accept-language", b"").decode("latin-1"), principal.locale)
        token = reader_locale.set(locale)
        try:
            coerced = coerce_variables(self.reads.schema, payload.plan, _read_variables(payload, variables, {}))
            return coerced is not None and (
                sql_for(payload.plan, self.reads.schema, principal, (principal_key(principal), locale), coerced)
                is not None
            )
        except Exception:
            log.exception("could not build a mutation payload's SQL; answering through the resolvers")
            return False
        finally:
            reader_locale.reset(token)

    async def _filled(
        self,
        payload: PayloadPlan,
        body: bytes,
        principal: Principal,
        variables: dict[str, Any] | None,
        headers: dict[bytes, bytes],
        policy: Any,
    ) -> bytes | None:
        """Strawberry's response with each compiled object's id replaced by its read (None: leave it as it is)."""
        try:
            response = orjson.loads(body)
        except orjson.JSONDecodeError:
            return None
        data = response.get("data") if isinstance(response, dict) else None
        if not isinstance(data, dict):
            return None
        ids: dict[str, str] = {}
        for entry in payload.entries:
            holder = data.get(entry.root_key)
            value = holder.get(entry.field_key) if isinstance(holder, dict) else None
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                ids[entry.variable] = value["id"]
        if not ids:
            return None  # every object is null: the response already says so
        stats = StatementStats()
        started = time.perf_counter()
        try:
            bound = _read_variables(payload, variables, ids)
            found = await self.reads.read(payload.plan, principal, bound, headers, stats, policy)
            read = None if found is None else (found[1] if found[1] is not None else orjson.loads(found[0]))
        except Exception:  # the change stands: the response says its read failed rather than failing the request
            log.exception("could not read a mutation's payload after the write")
            read = None
        errors = list(response.get("errors") or [])
        for entry in payload.entries:
            if entry.variable not in ids:
                continue
            if read is None:
                data[entry.root_key][entry.field_key] = None
                errors.append(_unread(entry.root_key, entry.field_key, headers, principal))
            else:
                data[entry.root_key][entry.field_key] = read.get(entry.read_key)
        if errors:
            response["errors"] = errors
        sql = response.get("extensions", {}).get("sql") if isinstance(response.get("extensions"), dict) else None
        if isinstance(sql, dict) and isinstance(sql.get("statements"), int):
            sql["statements"] += stats.statements
            sql["ms"] = round(float(sql.get("ms", 0)) + (time.perf_counter() - started) * 1000, 3)
        return orjson.dumps(response)


def _read_variables(payload: PayloadPlan, variables: dict[str, Any] | None, ids: dict[str, str]) -> dict[str, Any]:
    """The request's variables and each object's id (a missing object's: an id no row has)."""
    bound = dict(variables or {})
    for entry in payload.entries:
        bound[entry.variable] = ids.get(entry.variable) or to_global_id(entry.type_name, _NO_ROW)
    return bound


_UNREAD = msg("The change was saved, but reading it back failed; reload to see it.")


def _unread(root_key: str, field_key: str, headers: dict[bytes, bytes], principal: Principal) -> dict[str, Any]:
    locale = request_locale(headers.get(b"accept-language", b"").decode("latin-1"), principal.locale)
    return {
        "message": render(_UNREAD, locale),
        "path": [root_key, field_key],
        "extensions": {"code": "INTERNAL_SERVER_ERROR"},
    }
