"""Running an import: the `import-run` job (or `rapport import`) writes a batch's rows in chunks, each chunk one
transaction with the record of what each of its rows did, so that a run whose worker died resumes after the last
committed chunk without writing a row twice. Undo walks those records back.
"""

from __future__ import annotations

import gc
import logging
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import undefer

from rapport.config import Settings
from rapport.core import audit, clock
from rapport.core.bulk import copy_rows
from rapport.core.db import Database
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError, RapportError
from rapport.core.i18n import Message, msg
from rapport.core.principal import Principal
from rapport.customers import imports as customer_imports
from rapport.customers.bulk_create import create_many
from rapport.customers.records import CustomerDraft
from rapport.identity.service import active_principal, active_users_by_handle
from rapport.integrations.imports import order_runner, ticket_runner
from rapport.integrations.imports.counts import TakenOver, beat
from rapport.integrations.imports.customer_rows import ParsedRow, parse
from rapport.integrations.imports.mapping import ImportKind, Template
from rapport.integrations.imports.models import ImportBatch, ImportRow
from rapport.integrations.imports.plan import Decision, customer_of, row_keys
from rapport.integrations.imports.reader import Upload
from rapport.integrations.imports.service import UNDO_DAYS, check_rights, chunks, own_batch, plan_rows, sheets_of

log = logging.getLogger(__name__)

#: Rows written per transaction.
CHUNK = 500
#: Customers created before the tables' statistics are first refreshed (then after twice as many, and so on).
ANALYSE_AFTER = 2000
#: A run that has not beaten for this long is taken for dead and resumed.
STALE = timedelta(minutes=2)
Progress = Callable[[int, int], None]
#: Kinds whose rows are run and undone by their own module, kind -> (run, undo); customers are run here.
SEPARATE = {
    ImportKind.ORDERS.value: (order_runner.run, order_runner.undo),
    ImportKind.TICKETS.value: (ticket_runner.run, ticket_runner.undo),
}


async def claim(db: Database, now: datetime) -> uuid.UUID | None:
    """Take the oldest queued batch (or one whose worker died)."""
    async with db.write() as session:
        stmt = (
            select(ImportBatch)
            .where(
                or_(
                    ImportBatch.status == "queued",
                    (ImportBatch.status == "running") & (ImportBatch.heartbeat_at < now - STALE),
                )
            )
            .order_by(ImportBatch.created_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        batch: ImportBatch | None = (await session.execute(stmt)).scalar_one_or_none()
        if batch is None:
            return None
        batch.status, batch.heartbeat_at = "running", now
        batch.started_at = batch.started_at or now
        return batch.id


async def claim_batch(db: Database, batch_id: uuid.UUID, now: datetime) -> bool:
    """Take one queued batch to run here (`rapport import`); False when another process has it."""
    async with db.write() as session:
        taken = await session.execute(
            update(ImportBatch)
            .where(ImportBatch.id == batch_id, ImportBatch.status == "queued")
            .values(status="running", heartbeat_at=now, started_at=now)
        )
        return bool(getattr(taken, "rowcount", 0))


async def run_batch(
    db: Database, batch_id: uuid.UUID, progress: Progress | None = None, upload: Upload | None = None
) -> ImportBatch:
    """Write a batch's rows from where it stands; its owner is notified at the end. `upload` is the batch's file as
    the caller read it already (the command line), else it is read again."""
    async with db.read() as session:
        batch = await session.get(
            ImportBatch, batch_id, options=[] if upload is not None else [undefer(ImportBatch.file_enc)]
        )
        assert batch is not None
        principal = await active_principal(session, batch.user_id)
        owners = await active_users_by_handle(session)
        found = await session.execute(select(ImportRow.row, ImportRow.entity_id).where(ImportRow.batch_id == batch_id))
        row_customers = dict(found.all())  # every row a run recorded, with its customer
    written = set(row_customers)
    error: Message | None = None
    try:
        if principal is None:
            raise BadUserInputError("The user who started this import can no longer sign in.")
        check_rights(principal, batch.kind, batch.columns)  # the policy may have changed since the start
        sheet = next(s for s in (upload or await sheets_of(batch)).sheets if s.name == batch.sheet)
        del upload
        # The sheet's cells are millions of objects that live as long as the run: kept out of the collector's full
        # passes (each would walk them all, a tenth of a large import's time) until the run ends.
        gc.freeze()
        template = Template(ImportKind(batch.kind), batch.columns, batch.values)
        if batch.kind in SEPARATE:
            await SEPARATE[batch.kind][0](db, principal, batch, sheet, template, written, progress)
            return await _finish(db, batch, principal, None)
        rows = parse(sheet, template, owners)
        seen: dict[tuple[str, str], int] = {}
        handled = 0

        def pending() -> Iterator[ParsedRow]:
            nonlocal handled
            for row in rows:
                if row.row in written:  # written before a crash: its keys still join later rows to its customer
                    handled += 1
                    if row_customers.get(row.row) is not None:
                        for key in row_keys(row):
                            seen.setdefault(key, row.row)
                    continue
                yield row

        grown, analysed = 0, ANALYSE_AFTER
        for chunk in chunks(pending(), CHUNK):
            grown += await _chunk(db, principal, batch, chunk, seen, row_customers)
            if grown >= analysed:  # each time the import has doubled what it created by the last time
                async with db.write() as session:
                    await customer_imports.refresh_statistics(session)
                analysed *= 2
            handled += len(chunk)
            if progress is not None:
                progress(handled, len(sheet.rows))
    except TakenOver:
        log.warning("import %s was taken over by another worker; this run stops", batch_id)
        return batch
    except RapportError as failure:
        error = failure.text
    except Exception:  # anything else would fail again: the import ends as failed, and its owner is told
        log.exception("import %s failed", batch_id)
        error = msg("The import failed; the rows written so far stay, and undo removes them.")
    finally:
        gc.unfreeze()
    return await _finish(db, batch, principal, error)


async def _chunk(
    db: Database,
    principal: Principal,
    batch: ImportBatch,
    rows: list[ParsedRow],
    seen: dict[tuple[str, str], int],
    row_customers: dict[int, uuid.UUID | None],
) -> int:
    """Write a chunk of rows; returns how many customers it created."""
    async with db.write() as session:
        decisions = await plan_rows(session, principal, rows, batch.strategy, batch.create_similar, seen, row_customers)
        new = [d for d in decisions if d.action == "create"]
        folded = _fold(new, decisions, batch.strategy)
        records = await _create_together(session, principal, batch, new, row_customers)
        for number, into in folded.items():  # rows folded into a created customer: updates of it, at its version
            made = records.get(into)
            if made is not None and made["action"] == "created":
                records[number] = _record(batch.id, number, "updated", made["entity_id"], made["version"], before={})
        for decision in decisions:
            if decision.row.row not in records:
                records[decision.row.row] = await _write(session, principal, batch, decision, row_customers)
        records = dict(sorted(records.items()))
        await copy_rows(session, ImportRow, list(records.values()))
        counts = {
            a: sum(1 for r in records.values() if r["action"] == a)
            for a in ("created", "updated", "skipped", "rejected")
        }
        await beat(session, batch, counts, len(records))
    return counts["created"]


def _fold(new: list[Decision], decisions: list[Decision], strategy: str) -> dict[int, int]:
    """Fold the chunk's rows that join a row creating its customer into that row (one customer, written with the
    others); returns folded row -> creating row."""
    creating = {d.row.row: d for d in new}
    folded: dict[int, int] = {}
    for decision in decisions:
        if decision.action == "update" and decision.earlier in creating:
            customer_imports.fold(customer_of(creating[decision.earlier]), customer_of(decision), strategy)
            folded[decision.row.row] = decision.earlier
    return folded


async def _create_together(
    session: Any,
    principal: Principal,
    batch: ImportBatch,
    new: list[Decision],
    row_customers: dict[int, uuid.UUID | None],
) -> dict[int, dict[str, Any]]:
    """The chunk's new customers in one flush (`bulk_create`); should the database refuse it as a whole, the rows
    go one by one instead (each in its savepoint, as updates do)."""
    if not new:
        return {}
    drafts = [CustomerDraft(dict(c.values), c.contacts(), list(c.tags)) for c in map(customer_of, new)]
    try:
        async with session.begin_nested():
            made = await create_many(session, principal, drafts)
    except DBAPIError:
        log.warning("a chunk's customers could not be inserted together; writing them one by one", exc_info=True)
        return {}
    records: dict[int, dict[str, Any]] = {}
    for decision, result in zip(new, made, strict=True):
        number = decision.row.row
        if isinstance(result, BadUserInputError):
            column = result.extensions.get("field")
            problem = {"column": str(column) if column else None, "message": result.text.to_json()}
            records[number] = _record(batch.id, number, "rejected", problems=[problem])
        else:
            row_customers[number] = result.id
            records[number] = _record(batch.id, number, "created", result.id, result.version)
    return records


def _problems(decision: Decision) -> list[dict[str, Any]] | None:
    problems = [{"column": p.column, "message": p.text.to_json()} for p in decision.row.problems]
    if decision.reason is not None and decision.action in ("conflict", "skip"):
        problems.append({"column": None, "message": decision.reason.to_json()})
    return problems or None


async def _write(
    session: Any,
    principal: Principal,
    batch: ImportBatch,
    decision: Decision,
    row_customers: dict[int, uuid.UUID | None],
) -> dict[str, Any]:
    number = decision.row.row
    if decision.action in ("reject", "conflict"):
        return _record(batch.id, number, "rejected", problems=_problems(decision))
    target = decision.customer_id
    if decision.earlier is not None:
        target = row_customers.get(decision.earlier)
    if decision.action == "skip":
        return _record(batch.id, number, "skipped", target, problems=_problems(decision))
    try:
        async with session.begin_nested():
            done = await customer_imports.apply(session, principal, customer_of(decision), target, batch.strategy)
    except (BadUserInputError, NotFoundError, ConflictError) as error:
        column = error.extensions.get("field")
        problem = {"column": str(column) if column else None, "message": error.text.to_json()}
        return _record(batch.id, number, "rejected", problems=[problem])
    row_customers[number] = done.customer_id
    return _record(batch.id, number, done.action, done.customer_id, done.version, before=done.before)


def _record(
    batch_id: uuid.UUID, row: int, action: str, entity_id: uuid.UUID | None = None, version: int | None = None,
    *, before: dict[str, Any] | None = None, problems: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """An `import_row`: what one row did (written with its chunk's others in one COPY)."""
    return {"batch_id": batch_id, "row": row, "action": action, "entity_id": entity_id, "version": version,
            "before": before, "problems": problems}  # fmt: skip


async def _finish(db: Database, run: ImportBatch, principal: Principal | None, error: Message | None) -> ImportBatch:
    """End the batch this run holds (`run`: the batch as this run last beat it); one taken over is left alone."""
    from rapport.activities.service import notify

    async with db.write() as session:
        batch: ImportBatch | None = await session.get(ImportBatch, run.id, with_for_update=True)
        assert batch is not None
        if batch.status != "running" or batch.heartbeat_at != run.heartbeat_at:
            log.warning("import %s is no longer this run's; it is not ended here", run.id)
            return batch
        now = clock.now()
        batch.status, batch.finished_at, batch.heartbeat_at = ("failed" if error else "done"), now, now
        batch.error = error.to_json() if error else None
        audit.record(
            session,
            actor_id=batch.user_id,
            entity_type="Import",
            entity_id=batch.id,
            action=batch.status,
            changes={
                "created": [None, batch.created],
                "updated": [None, batch.updated],
                "rejected": [None, batch.rejected],
            },
        )
        title_text = (
            msg("Your import failed.")
            if error
            else msg(
                "Import done: {created} created, {updated} updated, {rejected} not imported.",
                created=batch.created,
                updated=batch.updated,
                rejected=batch.rejected,
            )
        )
        error_text = error
        notify(
            session,
            batch.user_id,
            kind="import",
            title=title_text,
            body=error_text,
            entity_type="Import",
            entity_id=batch.id,
        )
    return batch


async def run_due(db: Database, settings: Settings, now: datetime) -> int:
    """Run every waiting batch (the job's body)."""
    ran = 0
    while (batch_id := await claim(db, now)) is not None:
        await run_batch(db, batch_id)
        ran += 1
    return ran


async def undo(db: Database, principal: Principal, batch_id: uuid.UUID) -> dict[str, int]:
    """Remove what a batch created and restore what it changed, but for records changed or used since (kept and
    counted); within `UNDO_DAYS` of the run."""
    async with db.write() as session:
        batch = await own_batch(session, principal, batch_id, lock=True)
        if batch.status != "done" or batch.finished_at is None:
            raise BadUserInputError("Only a finished import can be undone.", field="batchId")
        if clock.now() > batch.finished_at + timedelta(days=UNDO_DAYS):
            raise BadUserInputError(
                msg("An import can be undone for {days} days only.", days=UNDO_DAYS), field="batchId"
            )
        if batch.kind in SEPARATE:
            counts = await SEPARATE[batch.kind][1](session, principal, batch.id)
            batch.status, batch.undone_at = "undone", clock.now()
            audit.record(
                session, actor_id=principal.user_id, entity_type="Import", entity_id=batch.id, action="undo",
                changes={k: [None, v] for k, v in counts.items()},
            )  # fmt: skip
            return counts
        records = (
            await session.scalars(
                select(ImportRow)
                .where(ImportRow.batch_id == batch.id, ImportRow.action.in_(("created", "updated")))
                .order_by(ImportRow.row.desc())
            )
        ).all()
        ids = sorted({r.entity_id for r in records if r.entity_id is not None})
        versions = await customer_imports.locked_versions(session, ids)
        created = [r.entity_id for r in records if r.action == "created" and r.entity_id is not None]
        used = await customer_imports.referenced_elsewhere(session, created) if created else set()
        used |= await customer_imports.changed_since(session, ids, batch.finished_at)
        removed = restored = kept = 0
        chain: set[uuid.UUID] = set()  # records whose later rows were walked back (their versions moved with them)
        for record in records:
            if record.entity_id is None or (
                record.entity_id not in chain and versions.get(record.entity_id) != record.version
            ):
                kept += 1
            elif record.action == "created" and record.entity_id not in used:
                version = versions[record.entity_id]
                done = await customer_imports.remove_created(session, principal, record.entity_id, version)
                removed, kept = removed + done, kept + (not done)
            elif (
                record.action == "updated"
                and record.entity_id not in used - set(created)
                and (await customer_imports.restore_updated(session, principal, record.entity_id, record.before or {}))
            ):
                chain.add(record.entity_id)
                restored += 1
            else:
                kept += 1
        batch.status, batch.undone_at = "undone", clock.now()
        audit.record(
            session,
            actor_id=principal.user_id,
            entity_type="Import",
            entity_id=batch.id,
            action="undo",
            changes={"removed": [None, removed], "restored": [None, restored], "kept": [None, kept]},
        )
    return {"removed": removed, "restored": restored, "kept": kept}


__all__ = ["claim", "claim_batch", "run_batch", "run_due", "undo"]
