"""create_app(): routes, middleware and lifespan of the Rapport server."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Histogram, generate_latest
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from rapport.assembly import build_schema, install
from rapport.config import InsecureSettingsError, Settings
from rapport.core import crypto, principals
from rapport.core.authz import store as policy_store
from rapport.core.authz.policy import set_enforcement
from rapport.core.authz.readlog import read_log
from rapport.core.db import Database, create_engine, libpq_url, read_pool_options
from rapport.core.events import EventHub, install_hub
from rapport.core.logging import request_id
from rapport.core.metrics import Children
from rapport.core.migrate import is_at_head
from rapport.core.notify import PgListener
from rapport.core.principals import principal_cache
from rapport.core.replica import ReadYourWrites, Replica
from rapport.graphql.app import RapportGraphQL
from rapport.graphql.extensions import name_operations
from rapport.graphql.sockets import open_sockets
from rapport.graphql.trusted import TrustedDocuments
from rapport.integrations.exports.http import download as export_download
from rapport.integrations.imports.http import rejected as import_rejected
from rapport.integrations.imports.http import upload as import_upload
from rapport.support.live import install_topics

log = logging.getLogger("rapport.http")
HTTP_SECONDS = Histogram("rapport_http_request_seconds", "HTTP request latency", ["route", "status"])
_HTTP_SECONDS = Children(HTTP_SECONDS)
FRONTEND_DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
#: The SPA's trusted-documents manifest, written by its codegen step and committed (rapport.graphql.trusted).
TRUSTED_DOCUMENTS = Path(__file__).resolve().parents[2] / "frontend" / "src" / "generated" / "persisted-documents.json"


def load_trusted_documents(settings: Settings) -> TrustedDocuments:
    """The web app's operations; their names label metrics. With TRUSTED_DOCUMENTS_ONLY a missing manifest stops
    the start (no browser could do anything)."""
    path = settings.trusted_documents_file or TRUSTED_DOCUMENTS
    documents = TrustedDocuments.load(path)
    if settings.only_trusted_documents and not documents:
        raise InsecureSettingsError(
            f"TRUSTED_DOCUMENTS_ONLY is on but there is no trusted-documents manifest at {path}: "
            "set TRUSTED_DOCUMENTS_FILE to the SPA build's persisted-documents.json."
        )
    name_operations(documents.names())
    log.info(
        "trusted documents: %d from %s (only trusted for browser sessions: %s)",
        len(documents),
        path,
        settings.only_trusted_documents,
    )
    return documents


class GraphqlCors:
    """CORS for /graphql only: web forms on the listed sites may post leads (leadSubmit) straight to Rapport.

    Never with credentials: a cross-origin request is always anonymous, so it can do no more than an anonymous
    caller; other paths (/metrics, /readyz) stay same-origin.
    """

    def __init__(self, app: ASGIApp, origins: list[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=["POST"],
            allow_headers=["content-type"],
            allow_credentials=False,
            max_age=3600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/graphql":
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


class RequestIdMiddleware:
    """Gives every request an id (from `X-Request-Id` or new), logs it as JSON and times it."""

    def __init__(self, app: ASGIApp, labelled: Sequence[Route] = ()) -> None:
        self.app = app
        # The plain routes, whose path templates label the metrics (a bounded set: never the raw path).
        self.labelled = tuple(route for route in labelled if route.path not in _FIXED_LABELS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = next((v for k, v in scope.get("headers") or () if k == b"x-request-id"), b"").decode("latin-1")
        rid = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else os.urandom(16).hex()
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            # Websocket frames go straight through: wrapping every event sent to every subscriber costs time.
            await self.app(scope, receive, send_with_id if scope["type"] == "http" else send)
        except ClientDisconnect:
            # The client went away before its request arrived whole: nobody to answer, nothing went wrong here
            # (not an error with a traceback in the log). 499 is the customary status for it in the metrics.
            status = 499
        finally:
            elapsed = time.perf_counter() - started
            if scope["type"] == "http":
                route = _route_label(scope["path"], self.labelled)
                _HTTP_SECONDS(route, str(status)).observe(elapsed)
                if route != "/healthz" and log.isEnabledFor(logging.INFO):
                    log.info(
                        "request",
                        extra={
                            "method": scope["method"],
                            "path": scope["path"],
                            "status": status,
                            "ms": round(elapsed * 1000, 2),
                        },
                    )
            request_id.reset(token)


_FIXED_LABELS = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})


def _route_label(path: str, labelled: Sequence[Route] = ()) -> str:
    if path in _FIXED_LABELS:
        return path
    if path.startswith("/assets/"):
        return "/assets"
    return next((route.path for route in labelled if route.path_regex.match(path)), "/spa")


class SpaFiles:
    """Serves the built SPA: real files as they are, every other path as index.html (history fallback)."""

    def __init__(self, dist: Path) -> None:
        self.dist = dist
        self.assets = StaticFiles(directory=dist, check_dir=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        response: Response
        if not (self.dist / "index.html").is_file():
            response = PlainTextResponse(
                "The web app is not built. Run `make build` (or `make run`), then reload.", status_code=503
            )
        elif path.startswith("/assets/"):
            await self.assets(scope, receive, send)
            return
        else:
            candidate = (self.dist / path.lstrip("/")).resolve()
            if path != "/" and candidate.is_file() and candidate.is_relative_to(self.dist.resolve()):
                response = FileResponse(candidate)
            else:
                response = FileResponse(self.dist / "index.html", headers={"cache-control": "no-cache"})
        await response(scope, receive, send)


class RapportApp(Starlette):
    """Starlette with a lane for the request that is nearly all of the server's work: a POST to /graphql goes through
    Rapport's own middleware (request id, CORS for lead forms, proxy headers) straight to the GraphQL app, without
    Starlette's error and exception middleware and its router. They add nothing there: the GraphQL app answers its
    own errors, and an exception that escapes it still reaches uvicorn, which logs it and answers 500, as Starlette's
    error middleware would. Every other request (and every other method on /graphql) takes Starlette's path."""

    graphql_lane: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        lane = self.graphql_lane
        if lane is not None and scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == "/graphql":
            scope["app"] = self
            await lane(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


def open_database(settings: Settings, *, pool_size: int, raw_pool_size: int, direct: bool = False) -> Database:
    """The database as the settings describe it: the primary (through its pooler when `DATABASE_POOLER_URL` is set,
    unless `direct`) and the read replica of `DATABASE_REPLICA_URL`, if any. Migrations, LISTEN and the job system's
    own connections use `DATABASE_URL` itself, never the pooler."""
    assert settings.database_url, "no DATABASE_URL"
    pooled = bool(settings.database_pooler_url) and not direct
    url = settings.database_pooler_url if pooled and settings.database_pooler_url else settings.database_url
    engine = create_engine(url, pool_size=pool_size, pooled=pooled)
    replica = None
    if settings.database_replica_url:
        replica = Replica(
            libpq_url(settings.database_replica_url),
            pool_size=raw_pool_size,
            pooled=settings.database_replica_pooled,
            pool_options=read_pool_options(settings.database_replica_pooled),
            max_lag_seconds=settings.database_replica_max_lag_seconds,
        )
    return Database(engine, raw_pool_size=raw_pool_size, pooled=pooled, replica=replica)


def create_app(settings: Settings, *, database: Database | None = None) -> Starlette:
    """The ASGI app. Needs `settings.database_url` (the CLI fills it with the embedded server's URL)."""
    settings.check_production_safety()
    assembly = install()  # Rapport assembled from its domains' manifests
    crypto.configure(settings.field_encryption_keys, settings.blind_index_key)
    set_enforcement(settings.authz_enforcement)
    principal_cache.ttl_seconds = settings.principal_cache_seconds
    if database is None:
        if not settings.database_url:
            raise ValueError("create_app needs DATABASE_URL (rapport serve starts an embedded PostgreSQL for you).")
        database = open_database(
            settings, pool_size=settings.db_pool_size, raw_pool_size=max(2, settings.db_pool_size // 2)
        )
    db = database
    read_log.bind(db)
    event_hub = EventHub(db)
    install_topics(event_hub)
    install_hub(event_hub)
    graphql_app = RapportGraphQL(build_schema(settings), settings, db, load_trusted_documents(settings))
    dist = settings.frontend_dist or FRONTEND_DIST

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "alive"})

    async def readyz(_: Request) -> Response:
        try:
            async with asyncio.timeout(5):
                async with db.engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
                at_head = await is_at_head(db.engine)
        except Exception as error:
            return JSONResponse({"ready": False, "database": False, "error": type(error).__name__}, status_code=503)
        if not at_head:
            return JSONResponse({"ready": False, "database": True, "migrations": "behind"}, status_code=503)
        ready: dict[str, Any] = {"ready": True, "database": True, "migrations": "head"}
        if db.replica is not None:  # a replica that is down does not make the process unready (reads fall back)
            ready["replica"] = await db.replica_status()
        return JSONResponse(ready)

    async def metrics(_: Request) -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        worker: asyncio.Task[None] | None = None
        job_app = None
        listener = PgListener(settings.database_url or "")

        async def reload_policy(_: str) -> None:
            # Marked at once, before anything is awaited: events heard after this are judged by the new policy.
            await policy_store.reload(db.engine)
            await open_sockets.recheck()

        async def forget_principals(_: str) -> None:
            principal_cache.clear()  # at once, as above: later events re-read who their subscribers are
            await open_sockets.recheck()

        listener.on(policy_store.CHANNEL, reload_policy)
        listener.on(principals.CHANNEL, forget_principals)
        for channel, handler in event_hub.channels().items():
            listener.on(channel, handler)
        await policy_store.load(db.engine)
        await listener.start()
        open_sockets.heard = listener.sync  # events are delivered only after the changes committed before them
        await event_hub.start()  # after LISTEN, before serving: no committed event falls between
        graphql_app.prepare()  # the web app's documents checked against the schema, its reads planned
        # Long-lived objects built at start (schema, policy, caches) need no garbage collection: freezing them
        # and collecting young objects less often removes the pauses that delay live events for everyone.
        gc.collect()
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)
        if settings.jobs_in_process:
            from rapport.core.jobs import build_job_app, work

            job_app = build_job_app(settings, db)
            await job_app.open_async()
            worker = asyncio.create_task(
                work(job_app, settings, "in-process", install_signal_handlers=False),
                name="rapport-jobs",
            )
        try:
            yield
        finally:
            await listener.stop()
            await event_hub.stop()
            await read_log.close()
            if worker is not None:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
            if job_app is not None:
                await job_app.close_async()
            await db.dispose()

    routes: list[BaseRoute] = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics),
        Route("/graphql", graphql_app, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        WebSocketRoute("/graphql", graphql_app),
        Route("/exports/{id}", export_download),
        Route("/imports", import_upload, methods=["POST"]),
        Route("/imports/{id}/rejected", import_rejected),
        *[route for manifest in assembly.manifests for route in manifest.routes],
        Mount("/", app=SpaFiles(dist)),
    ]
    app = RapportApp(routes=routes, lifespan=lifespan)
    app.state.settings = settings
    app.state.db = db
    app.state.graphql = graphql_app
    # Innermost first. One list for Starlette's path and for the GraphQL lane (`RapportApp`): the same middleware in
    # the same order on both.
    middleware: list[tuple[Any, dict[str, Any]]] = []
    if settings.lead_form_origins:
        middleware.append((GraphqlCors, {"origins": settings.lead_form_origins}))
    if db.replica is not None:
        middleware.append((ReadYourWrites, {"position": db.position, "secure": settings.is_production}))
    middleware.append((RequestIdMiddleware, {"labelled": [route for route in routes if isinstance(route, Route)]}))
    if settings.trusted_proxies:
        # The client's address (sign-in and lead-form limits key on it) from X-Forwarded-For, only when the peer
        # is a configured proxy; uvicorn's own proxy-header handling stays off (`rapport serve`).
        middleware.append((ProxyHeadersMiddleware, {"trusted_hosts": settings.trusted_proxies}))
    lane: ASGIApp = graphql_app
    for wrapper, options in middleware:
        app.add_middleware(wrapper, **options)
        lane = wrapper(lane, **options)
    app.graphql_lane = lane
    return app
