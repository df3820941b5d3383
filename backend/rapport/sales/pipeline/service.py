"""Opportunities through the pipeline: stage moves, approval gates, winning into orders, losing with a reason."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.service import notify
from rapport.core import audit, clock
from rapport.core.authz.scopes import referenced
from rapport.core.domain_events import emit
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.i18n import msg, typed
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers.service import create_order
from rapport.sales.force import approver_ids
from rapport.sales.models import Approval, Opportunity, PipelineStage, StageChange, money, stage_name
from rapport.sales.pipeline.repository import PipelineRepository


async def _stage(session: AsyncSession, stage_id: uuid.UUID | None) -> PipelineStage:
    stages = await PipelineRepository(session).stages()
    if stage_id is None:
        return stages[0]
    for stage in stages:
        if stage.id == stage_id:
            return stage
    raise BadUserInputError("No such pipeline stage.", field="stageId")


async def create(
    session: AsyncSession,
    principal: Principal,
    customer_id: uuid.UUID,
    name: str,
    amount: Decimal,
    stage_id: uuid.UUID | None,
    expected_close: date | None,
) -> Opportunity:
    """Open an opportunity on a customer the caller may see, in the first stage (or a given open one)."""
    if not name.strip():
        raise BadUserInputError("Name the opportunity.", field="name")
    amount = money(amount, "amount")
    customer = await referenced(session, principal, "Customer", customer_id)
    stage = await _stage(session, stage_id)
    if stage.is_won or stage.is_lost:
        raise BadUserInputError("Open an opportunity in an open stage; then move it.", field="stageId")
    gate = await gate_between(session, 0, stage, amount)
    if gate is not None:
        raise BadUserInputError(
            msg(
                "Reaching {stage} with this amount needs approval: open it in an earlier stage, then move it.",
                stage=stage_name(gate),
            ),
            field="stageId",
        )
    now = clock.now()
    opportunity = Opportunity(
        id=uuid7(),
        version=1,
        created_at=now,
        updated_at=now,
        name=name.strip()[:200],
        customer_id=customer.id,
        amount=amount,
        stage_id=stage.id,
        status="open",
        owner_id=customer.owner_id or principal.user_id,
        team_id=customer.team_id or principal.team_id,
        expected_close=expected_close,
    )
    session.add(opportunity)
    await session.flush()
    session.add(
        StageChange(
            opportunity_id=opportunity.id,
            customer_id=customer.id,
            from_stage_id=None,
            to_stage_id=stage.id,
            amount=amount,
            actor_id=principal.user_id,
            at=now,
        )
    )
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Opportunity",
        entity_id=opportunity.id,
        action="create",
        changes={"name": [None, opportunity.name], "amount": [None, str(amount)]},
    )
    await session.flush()
    return opportunity


async def _locked(
    session: AsyncSession, principal: Principal, opportunity_id: uuid.UUID, version: int | None
) -> Opportunity:
    opportunity: Opportunity = await referenced(session, principal, "Opportunity", opportunity_id, lock=True)
    if version is not None and opportunity.version != version:
        raise ConflictError(
            "The opportunity was changed by someone else; reload it.", currentVersion=opportunity.version
        )
    return opportunity


async def locked_open(
    session: AsyncSession, principal: Principal, opportunity_id: uuid.UUID, version: int
) -> Opportunity:
    """An open opportunity the caller may see, locked, at the version they read (CONFLICT, NOT_FOUND, or an input
    error when it is closed)."""
    opportunity = await _locked(session, principal, opportunity_id, version)
    if opportunity.status != "open":
        raise BadUserInputError("A closed opportunity cannot change.", field="id")
    return opportunity


async def change_amount(session: AsyncSession, opportunity: Opportunity, amount: Decimal, field: str) -> None:
    """Set a new amount on a locked open opportunity, as the approval gates allow.

    A deal that entered or passed a gated stage cannot grow past what that gate lets through without approval
    (else approving a small quote would let any amount through): it is moved back before the gate first. A
    pending approval was asked for the old amount, so it is cancelled: the director must see the new one.
    """
    if amount == opportunity.amount:
        return
    if amount > opportunity.amount:
        gate = await gate_between(session, 0, await _stage(session, opportunity.stage_id), amount)
        if gate is not None:
            raise BadUserInputError(
                "The deal is past a stage that needs approval for this amount: move it back before that stage, "
                "change the amount, then move it on.",
                field=field,
                reason="APPROVAL_REQUIRED",
            )
    await PipelineRepository(session).cancel_pending_approvals(opportunity.id, clock.now())
    opportunity.amount = amount


async def update(
    session: AsyncSession, principal: Principal, opportunity_id: uuid.UUID, version: int, changes: Mapping[str, Any]
) -> Opportunity:
    """Change name, amount or expected close of an open opportunity."""
    opportunity = await locked_open(session, principal, opportunity_id, version)
    before: dict[str, Any] = {}
    if changes.get("amount") is not None:
        amount = money(changes["amount"], "amount")
        if amount != opportunity.amount:
            before["amount"] = opportunity.amount
            await change_amount(session, opportunity, amount, "amount")
    for key in ("name", "expected_close"):
        if key in changes and changes[key] is not None:
            value: Any = changes[key]
            if key == "name":
                value = str(value).strip()[:200]
            before[key] = getattr(opportunity, key)
            setattr(opportunity, key, value)
    opportunity.updated_at = clock.now()
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Opportunity",
        entity_id=opportunity.id,
        action="update",
        changes={k: [str(v), str(changes[k])] for k, v in before.items()},
    )
    return opportunity


def needs_approval(stage: PipelineStage, amount: Decimal) -> bool:
    """Entering this stage with this amount needs a director's approval."""
    return stage.requires_approval and (stage.approval_threshold is None or amount > stage.approval_threshold)


async def gate_between(
    session: AsyncSession, from_position: int, to: PipelineStage, amount: Decimal
) -> PipelineStage | None:
    """The first gated stage a forward move from `from_position` to `to` enters or passes, for this amount.

    Skipping a gated stage does not skip its approval: moving a big deal from needs analysis straight to
    contract needs the quote's approval too. Moves into a lost stage and backwards are never gated.
    """
    if to.is_lost or to.position <= from_position:
        return None
    for stage in await PipelineRepository(session).stages():
        if from_position < stage.position <= to.position and not stage.is_lost and needs_approval(stage, amount):
            return stage
    return None


@dataclass
class Move:
    """What a stage move did: moved, or waits for an approval."""

    opportunity: Opportunity
    moved: bool
    approval: Approval | None


async def _apply(
    session: AsyncSession,
    opportunity: Opportunity,
    stage: PipelineStage,
    actor_id: uuid.UUID | None,
    lost_reason: str | None,
) -> None:
    now = clock.now()
    # A request to enter another stage is moot once the opportunity moved.
    await PipelineRepository(session).cancel_pending_approvals(opportunity.id, now)
    session.add(
        StageChange(
            opportunity_id=opportunity.id,
            customer_id=opportunity.customer_id,
            from_stage_id=opportunity.stage_id,
            to_stage_id=stage.id,
            amount=opportunity.amount,
            actor_id=actor_id,
            at=now,
        )
    )
    opportunity.stage_id = stage.id
    opportunity.updated_at = now
    if stage.is_won:
        opportunity.status, opportunity.closed_at = "won", now
        order = await create_order(
            session, None, opportunity.customer_id, opportunity.amount, note=f"won opportunity {opportunity.id}"
        )
        opportunity.order_id = order.id
    elif stage.is_lost:
        opportunity.status, opportunity.closed_at, opportunity.lost_reason = "lost", now, lost_reason
    await session.flush()
    kind = "opportunity.won" if stage.is_won else "opportunity.lost" if stage.is_lost else "opportunity.stage_changed"
    emit(session, kind, "Opportunity", opportunity.id, actor_id=actor_id, changed=["stage"], data={"stage": stage.key})


async def move(
    session: AsyncSession,
    principal: Principal,
    opportunity_id: uuid.UUID,
    stage_id: uuid.UUID,
    version: int | None,
    lost_reason: str | None,
) -> Move:
    """Move to a stage; a gated stage (e.g. quote over the threshold) creates an approval request instead."""
    opportunity = await _locked(session, principal, opportunity_id, version)
    if opportunity.status != "open":
        raise BadUserInputError("The opportunity is closed already.", field="id", reason="INVALID_TRANSITION")
    stage = await _stage(session, stage_id)
    if stage.id == opportunity.stage_id:
        raise BadUserInputError(
            "The opportunity is in that stage already.", field="stageId", reason="INVALID_TRANSITION"
        )
    if stage.is_lost and not (lost_reason or "").strip():
        raise BadUserInputError("Say why the opportunity was lost.", field="lostReason")
    current = await _stage(session, opportunity.stage_id)
    gate = await gate_between(session, current.position, stage, opportunity.amount)
    if gate is not None:
        repo = PipelineRepository(session)
        pending = await repo.pending_approval(opportunity.id)
        if pending is not None:
            raise BadUserInputError(
                "An approval for this opportunity is pending already.", field="id", reason="APPROVAL_PENDING"
            )
        now = clock.now()
        approval = Approval(
            id=uuid7(),
            version=1,
            created_at=now,
            updated_at=now,
            opportunity_id=opportunity.id,
            to_stage_id=stage.id,
            amount=opportunity.amount,
            requested_by_id=principal.user_id,
            status="pending",
        )
        session.add(approval)
        await session.flush()
        audit.record(
            session,
            actor_id=principal.user_id,
            entity_type="Approval",
            entity_id=approval.id,
            action="request",
            changes={
                "opportunityId": [None, str(opportunity.id)],
                "stage": [None, stage.key],
                "gate": [None, gate.key],
            },
        )
        for director_id in await approver_ids(session):
            notify(
                session,
                director_id,
                kind="approval_requested",
                title=msg("{name}: approval to enter {stage}", name=opportunity.name, stage=stage_name(stage)),
                body=msg(
                    "{requester} asks to move it to {stage} ({amount} CNY).",
                    requester=principal.name,
                    stage=stage_name(stage),
                    amount=opportunity.amount,
                ),
                entity_type="Opportunity",
                entity_id=opportunity.id,
            )
        return Move(opportunity, False, approval)
    await _apply(session, opportunity, stage, principal.user_id, lost_reason)
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Opportunity",
        entity_id=opportunity.id,
        action="move",
        changes={"stage": [current.key, stage.key]},
    )
    return Move(opportunity, True, None)


async def decide(
    session: AsyncSession, principal: Principal, approval_id: uuid.UUID, approve: bool, comment: str | None
) -> Approval:
    """Approve (the opportunity moves) or reject (it stays); the requester is told either way."""
    repo = PipelineRepository(session)
    approval = await repo.approval_for_update(approval_id)
    if approval is None or not await repo.opportunities_by_ids(principal, [approval.opportunity_id]):
        raise NotFoundError("No approval with that id.")
    if approval.status != "pending":
        raise BadUserInputError(
            msg("The request was approved already.")
            if approval.status == "approved"
            else msg("The request was rejected already."),
            field="id",
            reason="ALREADY_DECIDED",
        )
    opportunity = await repo.opportunity_for_update(approval.opportunity_id)
    assert opportunity is not None
    now = clock.now()
    approval.status = "approved" if approve else "rejected"
    approval.decided_by_id, approval.decided_at, approval.comment = principal.user_id, now, comment
    approval.updated_at = now
    if approve and opportunity.status == "open":
        stage = await _stage(session, approval.to_stage_id)
        await _apply(session, opportunity, stage, principal.user_id, None)
    await session.flush()
    if approval.requested_by_id is not None:
        verdict = "approved" if approve else "rejected"
        notify(
            session,
            approval.requested_by_id,
            kind=f"approval_{verdict}",
            title=msg("{name}: approved", name=opportunity.name)
            if approve
            else msg("{name}: rejected", name=opportunity.name),
            body=typed(comment),
            entity_type="Opportunity",
            entity_id=opportunity.id,
        )
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Approval",
        entity_id=approval.id,
        action=approval.status,
        changes={"comment": [None, comment]},
    )
    return approval
