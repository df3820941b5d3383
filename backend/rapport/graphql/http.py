"""GraphQL over HTTP: reading a POSTed request, choosing the response's media type and status code.

One reading of the request serves both the compiled read path and Strawberry's. Media types and status codes
follow the GraphQL over HTTP specification:

- `application/graphql-response+json` when the client's `Accept` prefers it: a request that fails before
  execution (unreadable JSON, parameters of the wrong shape, a document that does not parse or validate,
  variables that do not coerce, a guard refusing the whole operation) answers 4xx without a `data` entry;
  anything that executed answers 200.
- `application/json` otherwise (no `Accept`, `*/*`, or `application/json` preferred): as before, every
  GraphQL response answers 200 with `"data": null` when nothing executed; only a request that is not a GraphQL
  request at all (unreadable JSON, parameters of the wrong shape, another content type) answers 400.

Every error body is a GraphQL response (`{"errors": [{"message", "extensions": {"code"}}]}`), never plain text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.types import Message, Receive, Send

from rapport.core.errors import ErrorCode

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"

#: Status of a response without `data` (nothing executed) for `application/graphql-response+json`, by code.
_REQUEST_ERROR_STATUS = {
    ErrorCode.UNAUTHENTICATED.value: 401,
    ErrorCode.FORBIDDEN.value: 403,
    ErrorCode.UNTRUSTED_DOCUMENT.value: 403,
    ErrorCode.RATE_LIMITED.value: 429,
    ErrorCode.INTERNAL.value: 500,
}


class BadRequestError(Exception):
    """The body is not a GraphQL-over-HTTP request: the message says what to send instead."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class GraphQLRequest:
    """The parameters of a GraphQL-over-HTTP request, each of the type the specification requires.

    `query` is None only for a persisted query sent by hash; `rapport.graphql.trusted` resolves it before anything
    runs.
    """

    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None


def is_json_content_type(value: str | bytes | None) -> bool:
    """True for `application/json` (any parameters, e.g. `; charset=utf-8`)."""
    text = value.decode("latin-1") if isinstance(value, bytes) else (value or "")
    return text.split(";", 1)[0].strip().lower() == JSON


def parse_request(body: bytes) -> GraphQLRequest:
    """The request a JSON body carries; BadRequestError when it is not one."""
    if not body.strip():
        raise BadRequestError('Send a JSON object such as {"query": "{ viewer { id } }"} as the request body.')
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise BadRequestError(f"The request body is not valid JSON: {error.msg}.") from error
    if not isinstance(data, dict):
        raise BadRequestError(
            'The request body must be a JSON object such as {"query": "..."}; batches are not accepted.'
        )
    query, variables = data.get("query"), data.get("variables")
    name, extensions = data.get("operationName"), data.get("extensions")
    if query is None and isinstance(extensions, dict) and "persistedQuery" in extensions:
        query = None  # a persisted query names its document by hash (rapport.graphql.trusted)
    elif not isinstance(query, str) or not query.strip():
        raise BadRequestError("`query` must be a string holding a GraphQL document.")
    if variables is not None and not isinstance(variables, dict):
        raise BadRequestError("`variables` must be a JSON object (or null).")
    if name is not None and not isinstance(name, str):
        raise BadRequestError("`operationName` must be a string (or null).")
    if extensions is not None and not isinstance(extensions, dict):
        raise BadRequestError("`extensions` must be a JSON object (or null).")
    return GraphQLRequest(query=query, variables=variables, operation_name=name, extensions=extensions)


def _accepted(accept: str) -> dict[str, float]:
    """Media ranges of an Accept header with their quality (1 when not given)."""
    found: dict[str, float] = {}
    for part in accept.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        found.setdefault(media.lower(), quality)
    return found


def response_media_type(accept: str | bytes | None) -> str:
    """`application/graphql-response+json` when the client prefers it, else `application/json`. Kept for the last 256
    header values of up to 200 characters: a client sends the same one with every request."""
    if accept is not None and len(accept) > 200:
        return _media_type(accept)
    return _kept_media_type(accept)


def _media_type(accept: str | bytes | None) -> str:
    text = accept.decode("latin-1") if isinstance(accept, bytes) else (accept or "")
    accepted = _accepted(text)
    wanted = accepted.get(GRAPHQL_RESPONSE_JSON, 0.0)
    return GRAPHQL_RESPONSE_JSON if wanted > 0 and wanted >= accepted.get(JSON, 0.0) else JSON


_kept_media_type = functools.lru_cache(maxsize=256)(_media_type)


def error_body(message: str, code: ErrorCode) -> bytes:
    """A GraphQL response holding one request error and no `data`."""
    return orjson.dumps({"errors": [{"message": message, "extensions": {"code": code.value}}]})


def is_request_error(data: object, errors: Iterable[GraphQLError] | None) -> bool:
    """True when nothing executed: no data and every error is about the request, not about a field."""
    found = list(errors or ())
    return data is None and bool(found) and all(error.path is None for error in found)


def request_error_status(errors: Iterable[GraphQLError]) -> int:
    """The 4xx/5xx status of a response without `data`, from its errors' codes."""
    statuses = {_REQUEST_ERROR_STATUS.get(str((error.extensions or {}).get("code")), 400) for error in errors}
    return 500 if 500 in statuses else min(statuses, default=400)


async def read_body(receive: Receive, max_bytes: int) -> tuple[bytes, list[Message]]:
    """The whole request body, and the messages it came in (to replay them to Strawberry).

    BadRequestError (413) past `max_bytes`: nothing larger is held in memory.
    """
    messages: list[Message] = []
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:
            raise BadRequestError(f"The request body is larger than {max_bytes:,} bytes.", status=413)
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks), messages


def replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive that first hands out the messages already read, then the real ones."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


def request_body(request: GraphQLRequest) -> bytes:
    """The JSON body of a request (a persisted query's, with its document filled in from the manifest)."""
    body: dict[str, Any] = {"query": request.query}
    if request.variables is not None:
        body["variables"] = request.variables
    if request.operation_name is not None:
        body["operationName"] = request.operation_name
    if request.extensions is not None:
        body["extensions"] = request.extensions
    return orjson.dumps(body)


async def send_refusal(send: Send, error: GraphQLError, media_type: str) -> None:
    """Answer a GraphQL request that runs nothing: 4xx without `data` for `application/graphql-response+json`,
    200 with `"data": null` for `application/json` (`rapport.graphql.http`)."""
    if media_type == GRAPHQL_RESPONSE_JSON:
        status, payload = request_error_status([error]), orjson.dumps({"errors": [error.formatted]})
    else:
        status, payload = 200, orjson.dumps({"data": None, "errors": [error.formatted]})
    headers = [
        (b"content-type", media_type.encode()),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def send_error(send: Send, status: int, message: str, media_type: str) -> None:
    """Answer a request that is not a GraphQL-over-HTTP request: BAD_USER_INPUT, no `data`."""
    payload = error_body(message, ErrorCode.BAD_USER_INPUT)
    headers = [
        (b"content-type", media_type.encode()),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
