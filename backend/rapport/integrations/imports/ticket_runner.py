"""Running a ticket file: each row opened or updated through `ticketUpsert`'s service (routed, SLA started, audited
and announced as the API does; the customer is not emailed for an imported ticket), a chunk at a time, each chunk one
transaction with the record of what each row did and each row in its own savepoint. Undo removes the tickets it
opened that nobody touched since; updated tickets are not walked back (their previous values are not kept)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.db import Database
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError, RapportError
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.integrations.imports import ticket_rows
from rapport.integrations.imports.counts import add_chunk
from rapport.integrations.imports.mapping import Template
from rapport.integrations.imports.models import ImportBatch, ImportRow
from rapport.integrations.imports.plan import Decision
from rapport.integrations.imports.reader import Sheet
from rapport.integrations.imports.service import chunks, plan_tickets
from rapport.integrations.imports.ticket_rows import ParsedTicket
from rapport.support.workflow.upsert import Outcome, remove_imported, upsert_ticket

#: Tickets written per transaction.
CHUNK = 200
ACTIONS = {Outcome.CREATED: "created", Outcome.UPDATED: "updated", Outcome.UNCHANGED: "skipped"}


async def run(
    db: Database,
    principal: Principal,
    batch: ImportBatch,
    sheet: Sheet,
    template: Template,
    written: set[int],
    progress: Callable[[int, int], None] | None,
) -> None:
    """Write the tickets not written yet (a run resumed after a crash skips the rows it recorded)."""
    parsed = ticket_rows.parse(sheet, template)
    handled = sum(1 for t in parsed if t.row in written)
    for chunk in chunks([t for t in parsed if t.row not in written], CHUNK):
        async with db.write() as session:
            records = [
                await _write(session, principal, batch.id, d) for d in await plan_tickets(session, principal, chunk)
            ]
            session.add_all(records)
            await add_chunk(session, batch, records, len(chunk))
        handled += len(chunk)
        if progress is not None:
            progress(handled, len(sheet.rows))


async def _write(session: AsyncSession, principal: Principal, batch_id: uuid.UUID, decision: Decision) -> ImportRow:
    ticket = decision.row
    assert isinstance(ticket, ParsedTicket)
    if decision.action == "reject":
        found = [{"column": p.column, "message": p.text.to_json()} for p in ticket.problems]
        return ImportRow(batch_id=batch_id, row=ticket.row, action="rejected", problems=found)
    try:
        async with session.begin_nested():
            row, outcome = await upsert_ticket(session, principal, ticket.draft, None)
    except (BadUserInputError, NotFoundError, ConflictError) as error:
        return _rejected(batch_id, ticket, error)
    except IntegrityError:  # an external id another transaction took meanwhile: this row alone is refused
        refused = BadUserInputError(msg("Another ticket took this external id meanwhile; import the row again."))
        return _rejected(batch_id, ticket, refused)
    return ImportRow(batch_id=batch_id, row=ticket.row, action=ACTIONS[outcome], entity_id=row.id, version=row.version)


def _rejected(batch_id: uuid.UUID, ticket: ParsedTicket, error: RapportError) -> ImportRow:
    column = ticket_rows.column_of(ticket, str(error.extensions.get("field") or ""))
    problem = {"column": column, "message": error.text.to_json()}
    return ImportRow(batch_id=batch_id, row=ticket.row, action="rejected", problems=[problem])


async def undo(session: AsyncSession, principal: Principal, batch_id: uuid.UUID) -> dict[str, int]:
    """Remove the tickets the batch opened and nobody touched since; the others, and every updated ticket, are
    kept and counted."""
    rows = (
        await session.execute(
            select(ImportRow.entity_id, ImportRow.version, ImportRow.action).where(
                ImportRow.batch_id == batch_id, ImportRow.action.in_(("created", "updated"))
            )
        )
    ).all()
    created = {
        r.entity_id: r.version
        for r in rows
        if r.action == "created" and r.entity_id is not None and r.version is not None
    }
    removed, kept = await remove_imported(session, principal, created)
    return {"removed": removed, "restored": 0, "kept": kept + sum(1 for r in rows if r.action == "updated")}
