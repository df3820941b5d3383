"""The ASGI GraphQL app: HTTP POST and graphql-transport-ws, authenticated by session cookie or API token."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from prometheus_client import Gauge
from starlette.requests import Request, cookie_parser
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError, MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from rapport.config import Settings
from rapport.core.authn import SESSION_COOKIE, principal_for_credentials
from rapport.core.db import Database
from rapport.core.errors import ErrorCode
from rapport.core.i18n import request_locale, supported
from rapport.core.principal import Principal
from rapport.core.sqlstats import StatementStats, caller_lookup, current_stats
from rapport.graphql.context import Context
from rapport.graphql.extensions import observe_operation
from rapport.graphql.fastpath import AUTH_SCOPE_KEY, CompiledReads
from rapport.graphql.http import (
    GRAPHQL_RESPONSE_JSON,
    JSON,
    BadRequestError,
    error_body,
    is_json_content_type,
    is_request_error,
    parse_request,
    read_body,
    replay,
    request_body,
    request_error_status,
    response_media_type,
    send_error,
    send_refusal,
)
from rapport.graphql.idempotency import IDEMPOTENCY_SCOPE_KEY, IdempotentMutations
from rapport.graphql.loaders import Loaders
from rapport.graphql.payloads import CompiledPayloads
from rapport.graphql.sockets import RapportTransportWS, SocketRights
from rapport.graphql.trusted import (
    DocumentRefusedError,
    TrustedDocuments,
    check_manifest,
    is_public_document,
    untrusted_error,
)

OPEN_WEBSOCKETS = Gauge("rapport_websockets_open", "Open GraphQL websockets")
DEBUG_HEADER = "x-rapport-debug"
#: The response media type chosen for an HTTP request (`rapport.graphql.http.response_media_type`).
MEDIA_TYPE_SCOPE_KEY = "rapport.media_type"
#: The status chosen for a response without `data` (nothing executed) in `application/graphql-response+json`.
STATUS_SCOPE_KEY = "rapport.status"
#: Operation types served over HTTP POST: subscriptions run over the websocket only.
HTTP_OPERATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION})


def scope_bearer(scope: Scope) -> str | None:
    """The API token of a request's first `Authorization` header (as Starlette's `headers.get` reads it)."""
    for name, value in scope["headers"]:
        if name == b"authorization":
            return bearer_token(value.decode("latin-1"))
    return None


def bearer_token(value: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header value."""
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def scope_session(scope: Scope) -> str | None:
    """The session cookie of a request, read from every `Cookie` header (a later one wins), as Starlette's
    `HTTPConnection.cookies` reads them."""
    cookies: dict[str, str] = {}
    for name, value in scope["headers"]:
        if name == b"cookie":
            cookies.update(cookie_parser(value.decode("latin-1")))
    return cookies.get(SESSION_COOKIE)


async def authenticate(db: Database, scope: Scope, bearer: str | None) -> tuple[Principal | None, str | None]:
    """The caller of a request or socket (`scope`): an API token (`bearer`) wins over the session cookie. Returns
    (principal, session token). The one reading of credentials, for the compiled path, the resolvers and sockets."""
    cookie = None if bearer else scope_session(scope)
    return await principal_for_credentials(db, bearer, cookie), cookie


class RapportGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app with Rapport's context, authentication and websocket rules."""

    #: Sockets that follow their credential's rights (rapport.graphql.sockets).
    graphql_transport_ws_handler_class = RapportTransportWS

    def __init__(
        self, schema: BaseSchema, settings: Settings, db: Database, trusted: TrustedDocuments | None = None
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.is_development else None,
            allow_queries_via_get=False,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            keep_alive=True,
            keep_alive_interval=15,
            allowed_origins=settings.allowed_origins,
        )
        self.settings = settings
        self.db = db
        #: The web app's own operations (rapport.graphql.trusted).
        self.trusted = trusted if trusted is not None else TrustedDocuments()
        self.compiled = CompiledReads(
            schema._schema,  # type: ignore[attr-defined]
            settings,
            db,
            self._authenticate_scope,
            observe_operation,
            tuple(getattr(schema, "limit_rules", ())),
            catalog=schema.catalog,  # type: ignore[attr-defined]
        )
        self.payloads = CompiledPayloads(self.compiled)
        self.idempotency = IdempotentMutations(db, self._caller)

    def prepare(self) -> None:
        """At start, before serving: check the web app's documents against the schema (an SPA built for another
        schema is logged) and plan its reads and its mutations' payloads, so that no user waits for a plan."""
        check_manifest(self.trusted, self.compiled.schema)
        if self.settings.compiled_reads:
            for document in self.trusted.by_hash.values():
                for shape in self.compiled.shapes(document.text, document.operation_name):
                    if document.operation_type == "query":
                        self.compiled.plan(document.text, document.operation_name, dict(shape))
                    elif document.operation_type == "mutation":
                        self.payloads.plan(document.text, document.operation_name, dict(shape))

    async def _authenticate_scope(self, scope: Scope) -> tuple[Principal | None, str | None]:
        return await authenticate(self.db, scope, scope_bearer(scope))

    async def _caller(self, scope: Scope) -> Principal | None:
        """Authenticate once for the request (the resolvers' context reuses it)."""
        stats = StatementStats()
        with caller_lookup(stats):
            principal, token = await self._authenticate_scope(scope)
        scope[AUTH_SCOPE_KEY] = (principal, token, stats)
        return principal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            OPEN_WEBSOCKETS.inc()
            try:
                await super().__call__(scope, receive, send)
            finally:
                OPEN_WEBSOCKETS.dec()
        elif scope["method"] == "GET" and b"query=" in scope.get("query_string", b""):
            # Operations travel by POST only; a GET can be forged by any page (CSRF) or cached by proxies.
            response = PlainTextResponse(
                "GraphQL operations must be sent with POST (application/json).",
                status_code=405,
                headers={"Allow": "POST"},
            )
            await response(scope, receive, send)
        elif scope["method"] == "POST":
            await self._post(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)

    async def _post(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read and check the request once; the compiled read path answers it, or Strawberry does."""
        headers = dict(scope["headers"])
        media_type = response_media_type(headers.get(b"accept"))
        scope[MEDIA_TYPE_SCOPE_KEY] = media_type
        try:
            body, messages = await read_body(receive, self.settings.graphql_max_body_bytes)
        except BadRequestError as error:  # too large
            await send_error(send, error.status, error.message, media_type)
            return
        if messages[-1]["type"] == "http.disconnect":
            return  # the client went away before sending the whole body: nobody to answer
        try:
            if not is_json_content_type(headers.get(b"content-type")):
                # Also refuses what could be a forged cross-site form post (no CORS preflight).
                raise BadRequestError("Send GraphQL operations as `Content-Type: application/json`.")
            request = parse_request(body)
        except BadRequestError as error:
            await send_error(send, error.status, error.message, media_type)
            return
        try:
            query, trusted = self.trusted.resolve(request.query, request.extensions)
        except DocumentRefusedError as error:
            await send_refusal(send, GraphQLError(error.message, extensions={"code": error.code.value}), media_type)
            return
        if trusted is None and self._refuses_untrusted(scope, query):
            # A browser session (or nobody) runs only the web app's own documents; API tokens run any.
            await send_refusal(send, untrusted_error(), media_type)
            return
        by_hash = query != request.query
        if by_hash:  # sent by hash: the resolvers read the manifest's document too
            request = replace(request, query=query)
        run = functools.partial(self._run, scope, receive, request, messages, by_hash, trusted, headers, media_type)
        raw_key = headers.get(b"idempotency-key")
        if raw_key is None:
            await run(send)
        else:
            await self.idempotency.serve(scope, request, raw_key, media_type, send, run, send_refusal)

    async def _run(self, scope: Scope, receive: Receive, request: Any, messages: Any, by_hash: bool, trusted: Any,
                   headers: dict[bytes, bytes], media_type: str, send: Send) -> None:  # fmt: skip
        """Run a checked request: the compiled read path answers it, or Strawberry does."""
        if self.settings.compiled_reads:
            if await self.compiled.serve(scope, request, media_type, send, trusted, headers):
                return
            strawberry = functools.partial(super().__call__, scope)
            if await self.payloads.serve(scope, request, receive, send, strawberry):
                return
        if by_hash:  # written only now: the compiled path answers most requests sent by hash without it
            messages = [{"type": "http.request", "body": request_body(request), "more_body": False}]
        await super().__call__(scope, replay(messages, receive), send)

    def _refuses_untrusted(self, scope: Scope, query: str) -> bool:
        """With TRUSTED_DOCUMENTS_ONLY: whether a document outside the manifest is refused for this caller (one
        without an API token, read from the same header as authentication reads it), unless it only calls public root
        fields (a web form's `leadSubmit`)."""
        if not self.settings.only_trusted_documents or scope_bearer(scope) is not None:
            return False
        caps = self.settings
        return not is_public_document(
            query, caps.graphql_max_anonymous_document_bytes, caps.graphql_max_anonymous_tokens
        )

    async def run(self, request: Request | WebSocket, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """Strawberry's handling, with its HTTP errors answered as GraphQL responses instead of plain text."""
        if isinstance(request, WebSocket):
            return await super().run(request, context, root_value)
        try:
            return await super().run(request, context, root_value)
        except HTTPException as error:
            media_type = request.scope.get(MEDIA_TYPE_SCOPE_KEY) or response_media_type(request.headers.get("accept"))
            return Response(
                error_body(error.reason, ErrorCode.BAD_USER_INPUT),
                status_code=error.status_code,
                media_type=media_type,
            )

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Run a query or mutation; a subscription sent over HTTP is a client error (it needs the websocket)."""
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=HTTP_OPERATIONS,
                operation_extensions=request_data.extensions,
            )
        except InvalidOperationTypeError as error:
            raise HTTPException(
                400, "Subscriptions run over the websocket at /graphql (graphql-transport-ws), not over HTTP."
            ) from error
        except CannotGetOperationTypeError as error:
            raise HTTPException(400, error.as_http_error_reason()) from error
        except MissingQueryError as error:
            raise HTTPException(400, "`query` must be a string holding a GraphQL document.") from error

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        """The response body; for `application/graphql-response+json`, no `data` when nothing executed."""
        response = await super().process_result(request, result)
        if request.scope.get(MEDIA_TYPE_SCOPE_KEY) == GRAPHQL_RESPONSE_JSON and is_request_error(
            result.data, result.errors
        ):
            response.pop("data", None)
            request.scope[STATUS_SCOPE_KEY] = request_error_status(result.errors or [])
        return response

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        """Strawberry's response with the negotiated media type and the status chosen for it."""
        response = super().create_response(response_data, sub_response)
        scope = getattr(sub_response, "rapport_scope", {})
        response.headers["content-type"] = scope.get(MEDIA_TYPE_SCOPE_KEY) or JSON
        status = scope.get(STATUS_SCOPE_KEY)
        if status is not None and not sub_response.status_code:
            response.status_code = status
        return response

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.rapport_scope = request.scope  # type: ignore[attr-defined]
        return sub_response

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        stats: StatementStats | None = None
        known = request.scope.get(AUTH_SCOPE_KEY)
        if isinstance(request, Request):
            # The compiled path's lookup of the caller is reported with this request's statements (apart).
            stats = known[2] if known is not None else StatementStats()
            current_stats.set(stats)
        if known is not None:  # the compiled read path already authenticated this request
            principal, session_token, _ = known
        else:
            with caller_lookup(stats):
                principal, session_token = await authenticate(self.db, request.scope, scope_bearer(request.scope))
        debug_sql = (
            self.settings.is_development
            and isinstance(request, Request)
            and request.headers.get(DEBUG_HEADER, "").lower() == "sql"
        )
        context = Context(
            request=request,
            response=response if isinstance(response, Response) else None,
            settings=self.settings,
            db=self.db,
            principal=principal,
            loaders=Loaders(self.db, principal),
            stats=stats if debug_sql else None,
            session_token=session_token,
            locale=request_locale(request.headers.get("accept-language"), principal.locale if principal else None),
            idempotency_key=request.scope.get(IDEMPOTENCY_SCOPE_KEY),
        )
        if isinstance(request, WebSocket):  # a socket keeps its credential: its rights are re-read as they change
            bearer = scope_bearer(request.scope)
            context.rights = SocketRights(self.db, bearer, session_token, self.settings.principal_cache_seconds)
        return context

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Authenticate the socket at `connection_init` (payload `authorization`) or by its session cookie."""
        params = context.connection_params or {}
        raw = params.get("authorization") or params.get("Authorization")
        token = bearer_token(raw) if isinstance(raw, str) else None
        if token:
            context.principal, _ = await authenticate(self.db, context.request.scope, token)
            context.loaders = Loaders(self.db, context.principal)
            context.refresh_policy()
            if context.rights is not None:
                context.rights.bearer, context.rights.cookie = token, None
        if context.principal is None:
            raise ConnectionRejectionError({"reason": "Sign in first or pass an API token in connection_init."})
        # A browser cannot set the socket's headers: the SPA names its language in connection_init.
        wanted = params.get("locale")
        context.locale = supported(wanted if isinstance(wanted, str) else None) or request_locale(
            context.request.headers.get("accept-language"), context.principal.locale
        )
        return {"viewer": context.principal.email}

    async def render_graphql_ide(self, request: Request) -> Response:
        if self.settings.is_production:
            return Response("Not Found", status_code=404)
        return await super().render_graphql_ide(request)

    def decode_json(self, data: str | bytes) -> Any:
        return orjson.loads(data)

    def encode_json(self, data: object) -> str:
        # Text, not bytes: websocket frames of graphql-transport-ws must be text frames.
        return orjson.dumps(data).decode()
