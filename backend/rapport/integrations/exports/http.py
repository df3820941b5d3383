"""`GET /exports/{id}`: the file of one of the caller's finished exports, for their session or API token."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from rapport.core.db import Database
from rapport.core.errors import BadUserInputError, NotFoundError
from rapport.core.i18n import msg, render
from rapport.graphql.app import authenticate, bearer_token
from rapport.graphql.node import from_global_id
from rapport.integrations.exports import service

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def download(request: Request) -> Response:
    """The file, as an attachment; 401 without credentials, 404 for anything not the caller's own."""
    db: Database = request.app.state.db
    locale = "zh-CN" if request.headers.get("accept-language", "").lower().startswith("zh") else "en"
    principal, _ = await authenticate(db, request.scope, bearer_token(request.headers.get("authorization")))
    if principal is None:
        text = render(msg("Sign in first, or send an API token as 'Authorization: Bearer'."), locale)
        return JSONResponse({"error": text}, status_code=401)
    try:
        export_id = from_global_id(request.path_params["id"], "ExportFile")[1]
        async with db.write() as session:
            name, content = await service.download(session, principal, export_id)
    except (BadUserInputError, NotFoundError) as error:
        return JSONResponse({"error": error.render(principal.locale)}, status_code=404)
    extension = name.rsplit(".", 1)[-1]
    return Response(
        content,
        media_type=MEDIA.get(extension, "application/octet-stream"),
        headers={
            "content-disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "cache-control": "no-store",
            "x-content-type-options": "nosniff",
        },
    )
