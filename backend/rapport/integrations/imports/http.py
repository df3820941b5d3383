"""`POST /imports`: upload a file to import (its raw bytes; the file's name in `X-Filename`); `GET
/imports/{id}/rejected`: the rows of an import that were not written, with why, as CSV.

An upload must be sent with a file's content type (`text/csv`, the XLSX type or `application/octet-stream`): a
browser sends those from another site only after a CORS preflight, which Rapport does not grant, so a page elsewhere
cannot make a signed-in user's browser upload a file (the form types are refused).
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from rapport.core.authz.policy import Access
from rapport.core.authz.policy import current as current_policy
from rapport.core.db import Database
from rapport.core.errors import BadUserInputError, ForbiddenError, NotFoundError
from rapport.core.i18n import msg, render
from rapport.core.principal import Principal
from rapport.graphql.app import authenticate, bearer_token
from rapport.graphql.node import from_global_id, to_global_id
from rapport.integrations.imports import reader, service
from rapport.integrations.imports.mapping import ImportKind

ACCEPTED = ("application/octet-stream", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


async def _caller(request: Request) -> Principal | None:
    db: Database = request.app.state.db
    principal, _ = await authenticate(db, request.scope, bearer_token(request.headers.get("authorization")))
    return principal


def _locale(request: Request) -> str:
    return "zh-CN" if request.headers.get("accept-language", "").lower().startswith("zh") else "en"


async def upload(request: Request) -> Response:
    """Keep an uploaded file for the caller; answers its batch id, sheets and suggested mapping."""
    principal = await _caller(request)
    if principal is None:
        text = msg("Sign in first, or send an API token as 'Authorization: Bearer'.")
        return JSONResponse({"error": render(text, _locale(request))}, status_code=401)
    locale = _locale(request) if request.headers.get("accept-language") else principal.locale
    policy = current_policy().for_roles(principal.roles)
    if policy.access("Mutation.importPreview") < Access.WRITE:
        return JSONResponse({"error": render(msg("You may not import files."), locale)}, status_code=403)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ACCEPTED:
        text = msg("Send the file's bytes with Content-Type text/csv, the XLSX type or application/octet-stream.")
        return JSONResponse({"error": render(text, locale)}, status_code=415)
    declared = int(request.headers.get("content-length") or 0)
    if declared > reader.MAX_UPLOAD_BYTES:
        text = msg("The file is larger than {limit} MB.", limit=reader.MAX_UPLOAD_BYTES // 1024 // 1024)
        return JSONResponse({"error": render(text, locale)}, status_code=413)
    body = bytearray()
    async for part in request.stream():
        body += part
        if len(body) > reader.MAX_UPLOAD_BYTES:
            text = msg("The file is larger than {limit} MB.", limit=reader.MAX_UPLOAD_BYTES // 1024 // 1024)
            return JSONResponse({"error": render(text, locale)}, status_code=413)
    filename = unquote(request.headers.get("x-filename", "upload"))[:200]
    try:
        what = ImportKind(request.query_params.get("kind", "customers"))
    except ValueError:
        text = msg("kind is customers, orders or tickets.")
        return JSONResponse({"error": render(text, locale)}, status_code=400)
    try:
        batch, table = await service.upload(request.app.state.db, principal, filename, bytes(body), what)
    except BadUserInputError as error:
        return JSONResponse({"error": error.render(locale)}, status_code=400)
    return JSONResponse(
        {
            "id": to_global_id("ImportBatch", batch.id),
            "sheets": [{"name": s.name, "headers": s.headers, "rows": len(s.rows)} for s in table.sheets],
        },
        status_code=201,
    )


async def rejected(request: Request) -> Response:
    """The rows of one of the caller's imports that were not written, with the reasons."""
    principal = await _caller(request)
    if principal is None:
        text = msg("Sign in first, or send an API token as 'Authorization: Bearer'.")
        return JSONResponse({"error": render(text, _locale(request))}, status_code=401)
    try:
        batch_id = from_global_id(request.path_params["id"], "ImportBatch")[1]
        async with request.app.state.db.read() as session:
            name, content = await service.rejected_file(session, principal, batch_id)
    except (BadUserInputError, NotFoundError, ForbiddenError) as error:
        return JSONResponse({"error": error.render(principal.locale)}, status_code=404)
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}", "cache-control": "no-store"},
    )
