"""Running an order file: orders (their lines grouped by order number) written through `ordersUpsert`'s service a
chunk at a time, each chunk one transaction with the record of what each order did; undo removes the orders it
created that nobody changed since (updated orders are not walked back: their previous values are not kept)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.db import Database
from rapport.core.principal import Principal
from rapport.customers import orders as order_rules
from rapport.integrations.imports import order_rows
from rapport.integrations.imports.counts import add_chunk
from rapport.integrations.imports.mapping import Template
from rapport.integrations.imports.models import ImportBatch, ImportRow
from rapport.integrations.imports.order_rows import ParsedOrder
from rapport.integrations.imports.plan import Decision
from rapport.integrations.imports.reader import Sheet
from rapport.integrations.imports.service import chunks, plan_orders

#: Orders written per transaction.
CHUNK = 500
ACTIONS = {
    order_rules.Outcome.CREATED: "created",
    order_rules.Outcome.UPDATED: "updated",
    order_rules.Outcome.UNCHANGED: "skipped",
    order_rules.Outcome.REJECTED: "rejected",
}


async def run(
    db: Database,
    principal: Principal,
    batch: ImportBatch,
    sheet: Sheet,
    template: Template,
    written: set[int],
    progress: Callable[[int, int], None] | None,
) -> None:
    """Write the orders not written yet (a run resumed after a crash skips the others)."""
    parsed = order_rows.parse(sheet, template)
    handled = sum(len(o.rows) for o in parsed if o.row in written)
    for chunk in chunks([o for o in parsed if o.row not in written], CHUNK):
        async with db.write() as session:
            decisions = await plan_orders(session, principal, chunk)
            records = await _write(session, principal, batch, decisions)
            session.add_all(records)
            await add_chunk(session, batch, records, sum(len(o.rows) for o in chunk))
        handled += sum(len(o.rows) for o in chunk)
        if progress is not None:
            progress(handled, len(sheet.rows))


def _order(decision: Decision) -> ParsedOrder:
    assert isinstance(decision.row, ParsedOrder)
    return decision.row


async def _write(
    session: AsyncSession, principal: Principal, batch: ImportBatch, decisions: list[Decision]
) -> list[ImportRow]:
    records: list[ImportRow] = []
    good = [d for d in decisions if d.action != "reject"]
    for decision in decisions:
        if decision.action == "reject":
            order = _order(decision)
            found = [{"column": p.column, "message": p.text.to_json()} for p in order.problems]
            records.append(ImportRow(batch_id=batch.id, row=order.row, action="rejected", problems=found))
    results = await order_rules.upsert_orders(session, principal, [_order(d).draft for d in good])
    for decision, result in zip(good, results, strict=True):
        order = _order(decision)
        action = ACTIONS[result.outcome]
        problems = [
            {"column": order_rows.column_of(order, str(e.extensions.get("field") or "")), "message": e.text.to_json()}
            for e in result.errors
        ]
        records.append(
            ImportRow(
                batch_id=batch.id, row=order.row, action=action, problems=problems or None,
                entity_id=result.order.id if result.order is not None else None,
                version=result.order.version if result.order is not None else None,
            )
        )  # fmt: skip
    return records


async def undo(session: AsyncSession, principal: Principal, batch_id: uuid.UUID) -> dict[str, int]:
    """Remove the orders the batch created and nobody changed since; the others are kept and counted."""
    rows = (
        await session.execute(
            select(ImportRow.entity_id, ImportRow.version, ImportRow.action).where(
                ImportRow.batch_id == batch_id, ImportRow.action.in_(("created", "updated"))
            )
        )
    ).all()
    created = {r.entity_id: r.version for r in rows if r.action == "created" and r.entity_id is not None}
    removed, kept = await order_rules.remove_imported(session, principal, created)
    return {"removed": removed, "restored": 0, "kept": kept + sum(1 for r in rows if r.action == "updated")}
