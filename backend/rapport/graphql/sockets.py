"""Open websockets hold the rights their credential has now, not the ones it had when the socket opened.

A socket is opened with a credential (a session cookie, or an API token in `connection_init`). Each process
keeps its open sockets in `open_sockets`. When identities change anywhere (sign-out, deactivation, role and team
changes: the `rapport_principals` NOTIFY of migration 0007; API token revocation) or the policy changes
(`rapport_policy`), every process re-reads each socket's principal and policy (`RapportTransportWS.recheck`):

- the credential no longer works (session ended or expired, user deactivated, token revoked): each open
  operation gets an UNAUTHENTICATED error and the socket closes with code 4401;
- the principal's roles or the policy changed: each operation's document is checked again against the new
  policy; one it refuses gets a FORBIDDEN error and ends, the others go on under the new policy.

And every subscription event is judged by the rights in force when it is delivered (`LiveExecutionContext`):
when the principal cache or the policy moved since the socket's rights were last read (or their lease ran out,
or the session's expiry passed), they are read again, and the document re-checked, before the event executes;
masks then come from the new policy. A change's NOTIFY reaches a process before the NOTIFY of any event
committed after it, and its handler marks the caches stale (`principal_cache.clear()`,
`authz.store.reload()`) before that event is handed to subscribers, so no event committed after a change is
judged by the rights from before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, GraphQLError, OperationType, parse
from graphql.pyutils import Undefined
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage, SubscribeMessage

from rapport.core import clock
from rapport.core.authn import principal_for_credentials
from rapport.core.authz import policy as authz_policy
from rapport.core.authz import store as policy_store
from rapport.core.authz.enforce import forbidden_error, violations
from rapport.core.authz.policy import CompiledPolicy, PrincipalPolicy
from rapport.core.db import Database
from rapport.core.errors import ErrorCode
from rapport.core.principal import Principal
from rapport.core.principals import principal_cache
from rapport.graphql.loaders import Loaders
from rapport.graphql.sharing import SharingExecutionContext
from rapport.graphql.trusted import DocumentRefusedError, untrusted_error

log = logging.getLogger(__name__)

#: Close code when the socket's credential stopped working (graphql-transport-ws: Unauthorized).
UNAUTHORIZED = 4401
#: Sockets re-read at once when identities or the policy change (each read may query the database).
RECHECK_CONCURRENCY = 8
#: Operations per socket whose last check is remembered.
MAX_CHECKED = 256


def _expired(principal: Principal | None) -> bool:
    expires = principal.expires_at if principal is not None else None
    return expires is not None and expires <= clock.now()


def session_ended_error() -> GraphQLError:
    """The error each open operation gets when the socket's session or token stops working."""
    return GraphQLError(
        "Your session ended (signed out, expired, deactivated or revoked): sign in again.",
        extensions={"code": ErrorCode.UNAUTHENTICATED.value},
    )


@dataclass(eq=False)
class SocketRights:
    """The credential a socket was opened with, and when its principal and policy were last read."""

    db: Database
    bearer: str | None
    cookie: str | None
    #: How long a principal read stays good without a change being announced (the principal cache's TTL).
    lease_seconds: float
    generation: int = -1
    compiled: CompiledPolicy | None = None
    valid_until: float = 0.0
    ended: bool = False
    #: Called when the credential is found to no longer work (the socket then closes).
    on_end: Any = None
    #: Running subscription (its operation and variables, by identity) -> (them, the policy it was checked against).
    checked: dict[tuple[int, int], tuple[Any, Any, PrincipalPolicy]] = field(default_factory=dict)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def principal_is_current(self, principal: Principal | None) -> bool:
        """The principal was read after the last identity change, within its lease, and has not expired."""
        return (
            not self.ended
            and self.generation == principal_cache.generation
            and time.monotonic() < self.valid_until
            and not _expired(principal)
        )

    def is_current(self, principal: Principal | None) -> bool:
        """Principal and policy are those in force now (no change announced since they were read)."""
        return (
            self.principal_is_current(principal)
            and self.compiled is authz_policy.current()
            and not policy_store.reloading()
        )

    async def refresh(self, ctx: Any) -> Principal | None:
        """Bring the context's principal, policy and loaders up to date; None once the credential stopped working."""
        if self.is_current(ctx.principal):
            return ctx.principal  # type: ignore[no-any-return]
        async with self._lock:
            await policy_store.settled()  # a policy change announced before now is installed first
            if not self.ended and not self.principal_is_current(ctx.principal):
                generation = principal_cache.generation
                principal = await principal_for_credentials(self.db, self.bearer, self.cookie)
                if principal is None:
                    self.ended = True
                else:
                    ctx.principal = principal
                    self.generation = generation  # a change during the read leaves it stale: read again next time
                    self.valid_until = time.monotonic() + self.lease_seconds
            if self.ended:
                ctx.principal = None
                ctx.refresh_policy()
                ctx.loaders = Loaders(ctx.db, None)
                if self.on_end is not None:
                    self.on_end()
                return None
            self.compiled = authz_policy.current()
            ctx.refresh_policy()
            ctx.loaders = Loaders(ctx.db, ctx.principal)
            return ctx.principal  # type: ignore[no-any-return]


def _raw_variables(variable_values: Any) -> dict[str, Any]:
    """The variables as the client sent them (what the pre-check coerces), from the executor's coerced values."""
    sources = getattr(variable_values, "sources", None) or {}
    return {name: source.value for name, source in sources.items() if source.value is not Undefined}


class LiveExecutionContext(SharingExecutionContext):
    """Runs each subscription event under the rights in force when it is delivered."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        ctx = self.context_value
        rights: SocketRights | None = getattr(ctx, "rights", None)
        if rights is None or self.operation.operation != OperationType.SUBSCRIPTION:
            return super().execute_operation(serially)
        # A subscription is its operation with its variables (documents are parsed once and shared by every
        # subscription with the same text; the variables are those of this subscription's executor).
        checked = rights.checked.get((id(self.operation), id(self.variable_values)))
        if (
            rights.is_current(ctx.principal)
            and checked is not None
            and checked[0] is self.operation
            and checked[1] is self.variable_values
            and checked[2] is ctx.policy
        ):
            return super().execute_operation(serially)  # nothing changed since this operation was last checked
        return self._reauthorized(rights, serially)

    async def _reauthorized(self, rights: SocketRights, serially: bool | None) -> Any:
        """Re-read the socket's rights, check the operation against them, then run the event."""
        ctx = self.context_value
        if await rights.refresh(ctx) is None:
            raise session_ended_error()
        problems = self.refused(ctx.policy)
        if problems:
            raise forbidden_error(problems)
        if len(rights.checked) >= MAX_CHECKED:
            rights.checked.clear()  # operations that ended leave entries behind; the running ones re-check once
        rights.checked[(id(self.operation), id(self.variable_values))] = (
            self.operation,
            self.variable_values,
            ctx.policy,
        )
        result = super().execute_operation(serially)
        return await result if inspect.isawaitable(result) else result

    def refused(self, policy: PrincipalPolicy) -> list[str]:
        """What this operation needs that `policy` denies (the field guard's check, on the running operation)."""
        document = DocumentNode(definitions=(self.operation, *(f.definition for f in self.fragments.values())))
        name = self.operation.name.value if self.operation.name else None
        return violations(self.schema, document, _raw_variables(self.variable_values), policy, None, name)


class RapportTransportWS(BaseGraphQLTransportWSHandler[Any, None]):
    """graphql-transport-ws with sockets that follow their credential's rights (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._expiry: asyncio.TimerHandle | None = None
        self._ending = False
        #: Operation id -> the policy its document was last checked against.
        self._checked: dict[str, PrincipalPolicy] = {}

    @property
    def rights(self) -> SocketRights | None:
        return getattr(self.context, "rights", None)

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        rights = self.rights
        if self.connection_acknowledged and rights is not None:
            rights.on_end = lambda: open_sockets.spawn(self.end_session())
            open_sockets.add(self)
            self._arm_expiry()

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        """Operations name their document as over HTTP (rapport.graphql.trusted): by the manifest's hash or by text;
        with TRUSTED_DOCUMENTS_ONLY a socket without an API token runs only the web app's own documents."""
        payload = message["payload"]
        trusted_documents = getattr(self.view, "trusted", None)
        settings = getattr(self.view, "settings", None)
        if self.connection_acknowledged and trusted_documents is not None and isinstance(payload, dict):
            query = payload.get("query")
            extensions = payload.get("extensions")
            try:
                text, trusted = trusted_documents.resolve(
                    query if isinstance(query, str) else None, extensions if isinstance(extensions, dict) else None
                )
            except DocumentRefusedError as error:
                await self._error(message["id"], GraphQLError(error.message, extensions={"code": error.code.value}))
                return
            rights = self.rights
            if (
                trusted is None
                and settings is not None
                and settings.only_trusted_documents
                and (rights is None or rights.bearer is None)
            ):
                await self._error(message["id"], untrusted_error())
                return
            if text != query:
                message = {**message, "payload": {**payload, "query": text}}
        await super().handle_subscribe(message)

    async def _error(self, op_id: str, error: GraphQLError) -> None:
        """Refuse an operation before it starts."""
        with contextlib.suppress(Exception):
            await self.send_message({"id": op_id, "type": "error", "payload": [error.formatted]})

    async def shutdown(self) -> None:
        open_sockets.discard(self)
        if self._expiry is not None:
            self._expiry.cancel()
        await super().shutdown()

    async def recheck(self) -> None:
        """Re-read the socket's rights: close it when they are gone, end what the new rights refuse."""
        rights = self.rights
        if rights is None or self._ending:
            return
        if await rights.refresh(self.context) is None:
            await self.end_session()
            return
        self._arm_expiry()
        policy: PrincipalPolicy = self.context.policy
        for op_id, operation in list(self.operations.items()):
            if self._checked.get(op_id) is policy:
                continue
            self._checked[op_id] = policy
            try:
                document = parse(operation.query)
            except GraphQLError:
                continue  # never ran: the protocol handler already refused it
            problems = violations(
                self.schema._schema,  # type: ignore[attr-defined]
                document,
                operation.variables,
                policy,
                operation.query,
                operation.operation_name,
            )
            if problems:
                await self._refuse(op_id, forbidden_error(problems))

    async def end_session(self) -> None:
        """Tell every open operation that the session ended, then close the socket with 4401."""
        if self._ending:
            return
        self._ending = True
        for op_id in list(self.operations):
            await self._refuse(op_id, session_ended_error())
        with contextlib.suppress(Exception):
            await self.websocket.close(code=UNAUTHORIZED, reason="Session ended: sign in again.")

    async def _refuse(self, op_id: str, error: GraphQLError) -> None:
        """End one operation with an error message; nothing more is sent for it."""
        operation = self.operations.get(op_id)
        self._checked.pop(op_id, None)
        if operation is None or operation.completed:
            return
        operation.completed = True  # its task sends nothing from now on
        await self.cleanup_operation(op_id)
        with contextlib.suppress(Exception):
            await self.send_message({"id": op_id, "type": "error", "payload": [error.formatted]})

    def _arm_expiry(self) -> None:
        """Re-check when the session or token expires, so that an idle socket closes then too."""
        if self._expiry is not None:
            self._expiry.cancel()
            self._expiry = None
        principal = self.context.principal
        expires = principal.expires_at if principal is not None else None
        if expires is None:
            return
        delay = min(max(0.0, (expires - clock.now()).total_seconds()), 7 * 86_400.0)
        self._expiry = asyncio.get_running_loop().call_later(delay + 0.05, lambda: open_sockets.spawn(self.recheck()))


class OpenSockets:
    """This process's open, acknowledged websockets."""

    def __init__(self) -> None:
        self._sockets: set[RapportTransportWS] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        #: Waits until every notification committed before the call was dispatched (the listener's `sync`).
        self.heard: Callable[[], Awaitable[None]] | None = None

    async def fence(self, memo: dict[str, Any]) -> None:
        """Before an event read from the database is delivered: wait until every identity or policy change
        committed before it was read has been heard here (its handler started, so the caches are marked stale).

        Events are read by whatever runs the event log, not in the order of this process's notifications, so an
        event committed after a sign-out can be read before the sign-out's NOTIFY is dispatched; the fence
        closes that gap. One round trip per event (shared through the event's per-process `memo`).
        """
        if self.heard is None:
            return
        waiting = memo.get("rights_fence")
        if waiting is None:
            waiting = asyncio.ensure_future(self.heard())
            memo["rights_fence"] = waiting
        await asyncio.shield(waiting)

    def __len__(self) -> int:
        return len(self._sockets)

    def add(self, socket: RapportTransportWS) -> None:
        self._sockets.add(socket)

    def discard(self, socket: RapportTransportWS) -> None:
        self._sockets.discard(socket)

    def spawn(self, work: Any) -> None:
        """Run a socket's re-check or close in the background (kept referenced until it ends)."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def recheck(self) -> None:
        """Re-read every socket's rights now (identities or the policy changed somewhere)."""
        gate = asyncio.Semaphore(RECHECK_CONCURRENCY)

        async def one(socket: RapportTransportWS) -> None:
            async with gate:
                try:
                    await socket.recheck()
                except Exception:
                    log.exception("re-checking a websocket's rights failed; closing it")
                    with contextlib.suppress(Exception):
                        await socket.websocket.close(code=UNAUTHORIZED, reason="Could not re-check your rights.")

        await asyncio.gather(*(one(s) for s in list(self._sockets)))


open_sockets = OpenSockets()
