"""Exports: asked for by a user with a list's current filter, run by the `export-run` job as that user, downloaded by
that user alone.

Each page is the list's own root field run by the executor as the user who asked (`execute_as`): the same policy
check, masks, row scope and audit of sensitive reads as the list in the web app. The file is kept encrypted for
`EXPORT_RETENTION_DAYS`; asking, finishing and downloading are audited. A run is claimed under a row lock and beats
a heartbeat per page: a run whose worker died is taken up again from the start by the next run of the job.
"""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from rapport.activities.service import notify
from rapport.config import Settings
from rapport.core import audit, clock
from rapport.core.authz.policy import Access
from rapport.core.authz.policy import current as current_policy
from rapport.core.crypto import vault
from rapport.core.db import Database
from rapport.core.errors import BadUserInputError, ForbiddenError, NotFoundError
from rapport.core.i18n import Message, msg, render
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.graphql.inprocess import execute_as
from rapport.identity.service import active_principal
from rapport.integrations.exports.models import ExportFile
from rapport.integrations.exports.specs import MORE_ORDERS, PAGE, SPECS, ExportFormat, ExportList, Spec
from rapport.integrations.exports.writer import CsvSheet, Sheet, XlsxSheet, cell

log = logging.getLogger(__name__)

TABLE = "export_file"
#: A run that has not beaten for this long is taken for dead and started again.
STALE = timedelta(minutes=2)
#: Most rows one export writes.
MAX_ROWS = 200_000


class ExportFailedError(Exception):
    """The list's query refused or failed: `text` says why, for the user."""

    def __init__(self, text: Message) -> None:
        super().__init__(str(text))
        self.text = text


async def start(
    db: Database, settings: Settings, principal: Principal, what: ExportList, fmt: ExportFormat, variables: Any
) -> ExportFile:
    """Queue an export after checking, with its first row, that the user may read the list with these variables."""
    spec = SPECS[what]
    if variables is not None and not isinstance(variables, dict):
        raise BadUserInputError(
            "variables is an object of the list's variables: filter, orderBy, search.", field="variables"
        )
    given = dict(variables or {})
    unknown = sorted(set(given) - spec.variables)
    if unknown:
        raise BadUserInputError(
            msg("This list takes only these variables: {names}.", names=", ".join(sorted(spec.variables))),
            field="variables",
        )
    await _page(db, settings, principal, spec, {**given, "first": 1, "after": None})
    now = clock.now()
    export = ExportFile(
        id=uuid7(),
        user_id=principal.user_id,
        list=what.value,
        format=fmt.value,
        variables=given,
        locale=principal.locale,
        status="queued",
        rows=0,
        created_at=now,
        expires_at=now + timedelta(days=settings.export_retention_days),
    )
    async with db.write() as session:
        session.add(export)
        audit.record(
            session,
            actor_id=principal.user_id,
            entity_type="Export",
            entity_id=export.id,
            action="create",
            changes={"list": [None, what.value], "format": [None, fmt.value], "variables": [None, given]},
        )
    return export


async def _page(
    db: Database, settings: Settings, principal: Principal, spec: Spec, variables: dict[str, Any]
) -> dict[str, Any]:
    document = spec.operation.text(current_policy().for_roles(principal.roles))
    result = await execute_as(db, settings, principal, document, variables, on_behalf_of="export")
    if result.errors:
        error = result.errors[0]
        code = (error.extensions or {}).get("code")
        if code == "FORBIDDEN":
            raise ForbiddenError(msg("You may not read this list with this filter."))
        if code == "BAD_USER_INPUT":
            raise BadUserInputError(
                msg("The list refused these variables: {reason}", reason=error.message), field="variables"
            )
        raise ExportFailedError(msg("The list could not be read: {reason}", reason=error.message))
    data: dict[str, Any] = result.data or {}
    return data


def _value(row: dict[str, Any], path: str) -> Any:
    value: Any = row
    for part in path.split("."):
        if isinstance(value, list):
            value = [item.get(part) if isinstance(item, dict) else None for item in value]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


async def _rows(
    db: Database, settings: Settings, principal: Principal, spec: Spec, variables: dict[str, Any]
) -> AsyncIterator[dict[str, Any]]:
    """Every row of the list, page by page."""
    after = None
    while True:
        data = await _page(db, settings, principal, spec, {**variables, "first": PAGE, "after": after})
        connection = data.get(spec.root) or {}
        for node in connection.get("nodes") or []:
            if spec.rows_of is None:
                yield node
                continue
            owner = {k: v for k, v in node.items() if k != spec.rows_of}
            children = node.get(spec.rows_of)
            if isinstance(children, dict):  # a connection: its pages
                async for child in _connection_rows(db, settings, principal, node, children):
                    yield {**child, "customer": owner}
            else:
                for child in children or []:
                    yield {**child, "customer": owner}
        page = connection.get("pageInfo") or {}
        if not page.get("hasNextPage"):
            return
        after = page.get("endCursor")


async def _connection_rows(
    db: Database, settings: Settings, principal: Principal, node: dict[str, Any], first: dict[str, Any]
) -> AsyncIterator[dict[str, Any]]:
    page = first
    while True:
        for child in page.get("nodes") or []:
            yield child
        info = page.get("pageInfo") or {}
        if not info.get("hasNextPage"):
            return
        more = MORE_ORDERS.text(current_policy().for_roles(principal.roles))
        result = await execute_as(
            db, settings, principal, more, {"id": node["id"], "after": info.get("endCursor")}, on_behalf_of="export"
        )
        if result.errors:
            raise ExportFailedError(msg("The list could not be read: {reason}", reason=result.errors[0].message))
        page = ((result.data or {}).get("customer") or {}).get("orders") or {}


async def _claim(db: Database, now: datetime) -> ExportFile | None:
    async with db.write() as session:
        stmt = (
            select(ExportFile)
            .where(
                or_(
                    ExportFile.status == "queued",
                    (ExportFile.status == "running") & (ExportFile.heartbeat_at < now - STALE),
                )
            )
            .order_by(ExportFile.created_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        export: ExportFile | None = (await session.execute(stmt)).scalar_one_or_none()
        if export is not None:
            export.status, export.started_at, export.heartbeat_at, export.rows = "running", now, now, 0
        return export


class _TakenOver(Exception):
    """Another worker took this export over (this run had stopped beating): this run stops and writes nothing."""


def _this_run(export: ExportFile) -> Any:
    """The export as this run claimed it: a run taken over since has another start (`_claim` sets it anew)."""
    same_start = ExportFile.started_at == export.started_at
    return (ExportFile.id == export.id) & (ExportFile.status == "running") & same_start


async def _beat(db: Database, export: ExportFile, rows: int) -> None:
    async with db.write() as session:
        beaten = await session.execute(
            update(ExportFile).where(_this_run(export)).values(rows=rows, heartbeat_at=clock.now())
        )
        if not getattr(beaten, "rowcount", 0):
            raise _TakenOver


async def run_one(db: Database, settings: Settings, now: datetime) -> bool:
    """Run the oldest waiting export to its end; False when none waits."""
    export = await _claim(db, now)
    if export is None:
        return False
    async with db.read() as session:
        principal = await active_principal(session, export.user_id)
    spec = SPECS[ExportList(export.list)]
    sheet: Sheet = CsvSheet() if export.format == "csv" else XlsxSheet(export.list)
    rows = 0
    error: Message | None = None
    try:
        if principal is None:
            raise ExportFailedError(msg("The user who asked for this export can no longer sign in."))
        headers, paths = _columns(spec, principal)
        sheet.write([render(h, export.locale) for h in headers])
        reader = await db.on_replica()  # a long read: on the replica when there is one (core.replica)
        async for row in _rows(reader, settings, principal, spec, dict(export.variables)):
            if rows >= MAX_ROWS:
                error = msg("An export holds at most {limit} rows; narrow the filter.", limit=MAX_ROWS)
                break
            sheet.write([cell(_value(row, path)) for path in paths])
            rows += 1
            if rows % 1000 == 0:
                await _beat(db, export, rows)
    except _TakenOver:
        log.warning("export %s was taken over by another worker; this run stops", export.id)
        return True
    except (ExportFailedError, ForbiddenError, BadUserInputError, NotFoundError) as failure:
        error = failure.text
    except Exception:  # anything else fails this export for good (it would fail again), and says so
        log.exception("export %s failed", export.id)
        error = msg("The export failed.")
    await _finish(db, export, sheet.close() if error is None else None, rows, error)
    return True


def _columns(spec: Spec, principal: Principal) -> tuple[list[Message], list[str]]:
    """The columns whose field the caller may read at all (the operation leaves the others out)."""
    policy = current_policy().for_roles(principal.roles)
    kept = [c for c in spec.columns if policy.access(c.governed) >= Access.MASKED]
    return [c.header for c in kept], [c.path for c in kept]


async def _finish(db: Database, export: ExportFile, content: bytes | None, rows: int, error: Message | None) -> None:
    now = clock.now()
    async with db.write() as session:
        row = (await session.scalars(select(ExportFile).where(_this_run(export)).with_for_update())).one_or_none()
        if row is None:  # gone, or taken over by another worker since: that run writes the file
            log.warning("export %s is no longer this run's; its result is dropped", export.id)
            return
        row.rows, row.finished_at, row.heartbeat_at = rows, now, now
        if content is None:
            row.status, row.error = "failed", (error or msg("The export failed.")).to_json()
        else:
            row.status = "done"
            row.filename = f"{row.list}-{now:%Y%m%d-%H%M%S}.{row.format}"
            row.content_enc = vault().cipher.encrypt(
                base64.b64encode(content).decode("ascii"), table=TABLE, column="content", row_id=row.id
            )
        audit.record(
            session,
            actor_id=row.user_id,
            entity_type="Export",
            entity_id=row.id,
            action=row.status,
            changes={"rows": [None, rows]},
        )
        error_text = error
        notify(
            session,
            row.user_id,
            kind="export",
            title=msg("Your export of {count} rows is ready to download.", count=rows)
            if content is not None
            else msg("Your export failed."),
            body=error_text,
            entity_type="Export",
            entity_id=row.id,
        )


async def download(session: AsyncSession, principal: Principal, export_id: uuid.UUID) -> tuple[str, bytes]:
    """The file of one of the caller's finished exports (audited); NOT_FOUND for anyone else's."""
    export = await session.get(ExportFile, export_id, options=[undefer(ExportFile.content_enc)])
    if export is None or export.user_id != principal.user_id or export.content_enc is None:
        raise NotFoundError(msg("No export of yours has that id."))
    if export.expires_at <= clock.now():
        raise NotFoundError(msg("The export has expired; export the list again."))
    plain = vault().cipher.decrypt(export.content_enc, table=TABLE, column="content", row_id=export.id)
    audit.record(session, actor_id=principal.user_id, entity_type="Export", entity_id=export.id, action="download")
    return export.filename or f"export.{export.format}", base64.b64decode(plain)
