"""`GET /journeys/{id}/audiences/{node}.csv`: the audience file of a journey's audience node ("file" mode) — the
hashed identifiers (SHA-256) of every contact that reached it, for upload to an ad platform.

For the journey's readers only (the caller's session or API token; the journey's row scope applies) who may read
contacts' emails and phones unmasked (403 otherwise: hashes of identifiers are identifiers)."""

from __future__ import annotations

import csv
import io
import itertools
import uuid

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from rapport.core.authz import policy as authz_policy
from rapport.core.authz.policy import Access
from rapport.core.db import Database
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg, render, request_locale
from rapport.graphql.app import authenticate, bearer_token
from rapport.graphql.node import from_global_id
from rapport.marketing.journeys.models import JourneyStepRun
from rapport.marketing.journeys.repository import journey_by_id

#: What downloading the file needs besides the journey: the identifiers it holds, unmasked.
IDENTIFIERS = (("Contact.emails", Access.READ), ("Contact.phones", Access.READ))


def audience_csv(rows: list[dict[str, list[str]]]) -> str:
    """One line per (email, phone) pair of hashed identifiers of each contact, under `email_sha256,phone_sha256`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["email_sha256", "phone_sha256"])
    for row in rows:
        pairs = itertools.zip_longest(row.get("emailSha256", []), row.get("phoneSha256", []), fillvalue="")
        writer.writerows(pairs)
    return out.getvalue()


async def download(request: Request) -> Response:
    """The CSV; 401 without credentials, 404 for a journey the caller may not read."""
    db: Database = request.app.state.db
    locale = "zh-CN" if request.headers.get("accept-language", "").lower().startswith("zh") else "en"
    principal, _ = await authenticate(db, request.scope, bearer_token(request.headers.get("authorization")))
    if principal is None:
        text = render(msg("Sign in first, or send an API token as 'Authorization: Bearer'."), locale)
        return JSONResponse({"error": text}, status_code=401)
    missing = JSONResponse({"error": render(msg("No journey with that id."), principal.locale)}, status_code=404)
    policy = authz_policy.current().for_roles(principal.roles)
    allowed = policy.access("Journey.graph") >= Access.READ
    try:
        journey_id: uuid.UUID = from_global_id(request.path_params["id"], "Journey")[1]
    except BadUserInputError:
        return missing
    node_id = request.path_params["node"]
    async with db.read() as session:
        (journey,) = await journey_by_id(session, principal, [journey_id])
        if journey is None or not allowed:
            return missing
        if policy.denied(IDENTIFIERS):
            masked = msg("This file holds contacts' emails and phones (hashed); you may not read them unmasked.")
            reader = request_locale(request.headers.get("accept-language"), principal.locale)
            return JSONResponse({"error": render(masked, reader)}, status_code=403)
        outcomes = await session.scalars(
            select(JourneyStepRun.outcome)
            .where(
                JourneyStepRun.journey_id == journey_id,
                JourneyStepRun.node_id == node_id,
                JourneyStepRun.status == "done",
            )
            .order_by(JourneyStepRun.finished_at, JourneyStepRun.id)
        )
        text = audience_csv(list(outcomes))
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{node_id}.csv"', "cache-control": "no-store"},
    )
