"""`Idempotency-Key` on GraphQL mutations: a retry answers what the first request answered, never runs it twice.

- The key is the caller's (an API token's or a session's user), 1 to 255 printable ASCII characters, kept 24 hours
  (`rapport.core.idempotency`). Anonymous requests and queries ignore it.
- The first request with a key runs; the mutation's unit of work marks the key in its own transaction, so the key
  says exactly whether the change happened. Its answer is stored (any answer but a server error) and sent again,
  byte for byte, to every later request with the key and the same request (`Idempotent-Replayed: true`).
- The same key with another document, operation or variables answers BAD_USER_INPUT and runs nothing.
- While the first request still runs, another with its key answers CONFLICT (retry after a moment).
- A request that failed before its change (a server error, a lost connection) frees its key: a retry runs.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from graphql.error import GraphQLSyntaxError
from starlette.types import Message as AsgiMessage
from starlette.types import Scope, Send

from rapport.core import clock, idempotency
from rapport.core.db import Database
from rapport.core.errors import ErrorCode
from rapport.core.i18n import Message, msg, request_locale
from rapport.core.principal import Principal
from rapport.graphql.http import GraphQLRequest

log = logging.getLogger(__name__)

#: Where a request's claimed key waits for the mutation's unit of work (`Context.write` marks it committed).
IDEMPOTENCY_SCOPE_KEY = "rapport.idempotency"
MAX_KEY_LENGTH = 255

Run = Callable[[Send], Awaitable[None]]
Refuse = Callable[[Send, GraphQLError, str], Awaitable[None]]


def is_mutation(request: GraphQLRequest) -> bool:
    """Whether the request runs a mutation (a document that does not parse is left to the executor's answer)."""
    if not request.query:
        return False
    try:
        document = parse(request.query)
    except GraphQLSyntaxError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [
        o for o in operations if request.operation_name is None or (o.name and o.name.value == request.operation_name)
    ]
    return len(chosen) == 1 and chosen[0].operation == OperationType.MUTATION


def fingerprint(request: GraphQLRequest) -> bytes:
    """What makes two requests the same: the document, the operation and the variables (keys sorted)."""
    canonical = orjson.dumps(
        [request.query, request.operation_name, request.variables or {}], option=orjson.OPT_SORT_KEYS
    )
    return hashlib.sha256(canonical).digest()


def valid_key(raw: bytes) -> str | None:
    """The key as text, or None when it is not 1 to 255 printable ASCII characters."""
    try:
        key = raw.decode("ascii").strip()
    except UnicodeDecodeError:
        return None
    return key if 0 < len(key) <= MAX_KEY_LENGTH and key.isprintable() else None


def _error(text: Message, code: ErrorCode, locale: str) -> GraphQLError:
    return GraphQLError(text.render(locale), extensions={"code": code.value})


def _locale(scope: Scope, principal: Principal | None) -> str:
    """The reader's language, as the resolvers' context reads it."""
    accept = dict(scope["headers"]).get(b"accept-language")
    return request_locale(accept.decode("latin-1") if accept else None, principal.locale if principal else None)


class IdempotentMutations:
    """Runs keyed mutations once per key (see the module's docstring)."""

    def __init__(self, db: Database, authenticate: Callable[[Scope], Awaitable[Principal | None]]) -> None:
        self.db = db
        self.authenticate = authenticate

    async def serve(
        self, scope: Scope, request: GraphQLRequest, raw_key: bytes, media_type: str, send: Send, run: Run,
        refuse: Refuse,
    ) -> None:  # fmt: skip
        """Answer a request that carries an `Idempotency-Key` header."""
        if not is_mutation(request):
            await run(send)
            return
        key = valid_key(raw_key)
        if key is None:
            text = msg("Idempotency-Key must be 1 to {max} printable ASCII characters.", max=MAX_KEY_LENGTH)
            await refuse(send, _error(text, ErrorCode.BAD_USER_INPUT, _locale(scope, None)), media_type)
            return
        principal = await self.authenticate(scope)
        if principal is None:  # anonymous callers (a web form's lead) are not told apart: no key
            await run(send)
            return
        printed = fingerprint(request)
        async with self.db.write() as session:
            claimed = await idempotency.claim(session, principal.user_id, key, printed, clock.now())
            earlier = None if claimed is not None else await idempotency.stored(session, principal.user_id, key)
        if claimed is None:
            await self._answer_again(earlier, printed, media_type, send, refuse, _locale(scope, principal))
            return
        scope[IDEMPOTENCY_SCOPE_KEY] = claimed
        answer: dict[str, Any] = {"status": 500, "headers": [], "body": b""}

        async def capture(message: AsgiMessage) -> None:
            if message["type"] == "http.response.start":
                answer["status"], answer["headers"] = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                answer["body"] += message.get("body", b"")
            await send(message)

        try:
            await run(capture)
        except BaseException:
            await self._close(claimed, None)
            raise
        await self._close(claimed, answer)

    async def _close(self, key_id: uuid.UUID, answer: dict[str, Any] | None) -> None:
        """Keep the answer, or free the key when there is none worth keeping and nothing changed."""
        async with self.db.write() as session:
            if answer is None or answer["status"] >= 500:
                await idempotency.forget(session, key_id)
                return
            content_type = dict(answer["headers"]).get(b"content-type", b"application/json").decode()
            await idempotency.finish(session, key_id, answer["status"], content_type, answer["body"], clock.now())

    async def _answer_again(
        self,
        earlier: idempotency.Stored | None,
        printed: bytes,
        media_type: str,
        send: Send,
        refuse: Refuse,
        locale: str,
    ) -> None:
        if earlier is None:  # freed between the claim and the read: the caller may simply retry
            text = msg("A request with this Idempotency-Key just finished without an answer; send it again.")
            await refuse(send, _error(text, ErrorCode.CONFLICT, locale), media_type)
        elif earlier.fingerprint != printed:
            text = msg(
                "This Idempotency-Key was used with a different request (document, operation or variables); "
                "use a new key for a new request."
            )
            await refuse(send, _error(text, ErrorCode.BAD_USER_INPUT, locale), media_type)
        elif earlier.finished and earlier.body is not None and earlier.status_code is not None:
            headers = [
                (b"content-type", (earlier.content_type or "application/json").encode()),
                (b"content-length", str(len(earlier.body)).encode()),
                (b"idempotent-replayed", b"true"),
            ]
            await send({"type": "http.response.start", "status": earlier.status_code, "headers": headers})
            await send({"type": "http.response.body", "body": earlier.body})
        elif earlier.committed:
            text = msg(
                "The request with this Idempotency-Key made its change, but its answer was lost; "
                "read the current state instead of sending it again."
            )
            await refuse(send, _error(text, ErrorCode.CONFLICT, locale), media_type)
        else:
            text = msg("A request with this Idempotency-Key is still running; send it again once it has answered.")
            await refuse(send, _error(text, ErrorCode.CONFLICT, locale), media_type)
