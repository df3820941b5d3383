"""Running journeys: each due enrollment moves one node per transaction, each node at most once per enrollment.

`run_due(db, now)` claims due enrollments one at a time with `FOR UPDATE SKIP LOCKED` (several workers never take
the same one) and runs its current node:

- trigger, wait, condition and database-only actions (task, tags, audience file): the step's ledger row
  (`journey_step_run`, unique per enrollment and node) is inserted in the transaction that does the work and
  advances the enrollment; a worker dying before the commit leaves nothing, so the step runs again whole.
- external actions (webhook, audience webhook, send): the ledger row commits `started` first, with the
  enrollment leased for `LEASE`; then the call is made (its idempotency key is the step run's id) and its
  outcome recorded with the advance. A step found `started` when its lease has run out (the worker died, or the
  call asked for a retry) is resumed: the call is made again with the same key, so the receiver (webhook
  receivers by `webhook-id`/`idempotency-key`, the send ledger by its source key) keeps one copy. After
  `MAX_ATTEMPTS` tries the enrollment fails.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.errors import RapportError
from rapport.core.i18n import DEFAULT_LOCALE, Message, msg
from rapport.core.ids import uuid7
from rapport.identity.service import active_principal
from rapport.marketing.journeys.actions import ActionContext, ActionOutcome, JourneyAction, action_for
from rapport.marketing.journeys.conditions import holds
from rapport.marketing.journeys.endpoints import unsafe
from rapport.marketing.journeys.graph import Graph, Node, parse
from rapport.marketing.journeys.models import Journey, JourneyEnrollment, JourneyStepRun
from rapport.marketing.journeys.rights import denied, refusal

log = logging.getLogger(__name__)

#: Enrollments one `run_due` moves at most.
BATCH = 200
#: How long a started external step keeps its enrollment from other workers.
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 3


def wait_until(node: Node, now: datetime) -> datetime:
    """When a wait node that starts now ends: after its duration, or at its next time of day (business time)."""
    config = node.config
    if "until" in config:
        hour, minute = (int(part) for part in str(config["until"]).split(":"))
        local = now.astimezone(clock.BUSINESS_TZ)
        at = datetime.combine(local.date(), time(hour, minute), clock.BUSINESS_TZ)
        return at if at > now else at + timedelta(days=1)
    return now + timedelta(
        days=int(config.get("days", 0)), hours=int(config.get("hours", 0)), minutes=int(config.get("minutes", 0))
    )


def advance(enrollment: JourneyEnrollment, graph: Graph, node: Node, now: datetime, branch: str | None = None) -> None:
    """Move the enrollment past `node` (on `branch`): to the next node, due now, or done at an end."""
    following = graph.after(node.id, branch)
    enrollment.stepped_at = now
    if following is None:
        enrollment.status, enrollment.next_run_at, enrollment.finished_at = "done", None, now
    else:
        enrollment.status, enrollment.current_node, enrollment.next_run_at = "active", following, now


def fail(enrollment: JourneyEnrollment, now: datetime, error: str) -> None:
    """End the enrollment as failed."""
    enrollment.status, enrollment.next_run_at, enrollment.finished_at, enrollment.error = "failed", None, now, error


async def _claim(session: AsyncSession, now: datetime) -> JourneyEnrollment | None:
    statement = (
        select(JourneyEnrollment)
        .join(Journey, Journey.id == JourneyEnrollment.journey_id)
        .where(
            Journey.status == "active",
            JourneyEnrollment.status.in_(("active", "waiting")),
            JourneyEnrollment.next_run_at <= now,
        )
        .order_by(JourneyEnrollment.next_run_at, JourneyEnrollment.id)
        .limit(1)
        .with_for_update(of=JourneyEnrollment, skip_locked=True)
    )
    return await session.scalar(statement)


async def _context(
    session: AsyncSession, journey: Journey, enrollment: JourneyEnrollment, node: Node, run_id: uuid.UUID, now: datetime
) -> ActionContext:
    principal = None if journey.owner_id is None else await active_principal(session, journey.owner_id)
    return ActionContext(journey, enrollment, node, run_id, principal, now)


def refused(ctx: ActionContext, hosts: Collection[str] = ()) -> ActionOutcome | None:
    """A failed outcome when the action may not run now: its journey's owner is inactive, or lacks a right the
    action needs (checked before every run: rights change after a journey was saved)."""
    if ctx.principal is None:
        return ActionOutcome("failed", {"error": error_text(msg("The journey's owner is inactive."))})
    missing = denied(ctx.principal, ctx.node, hosts)
    if missing:
        return ActionOutcome("failed", {"error": error_text(refusal(ctx.node, missing)), "fields": missing})
    return None


async def _unreachable(node: Node, settings: Settings | None) -> ActionOutcome | None:
    """A failed outcome when the node's URL may not be called now (checked before every call)."""
    problem = await unsafe(node, settings)
    return None if problem is None else ActionOutcome("failed", {"error": error_text(problem)})


def error_text(message: Message) -> str:
    """A step's or enrollment's stored error, in the organisation's language (zh-CN), like other messages people
    read; stored rendered, as the enrollment's `error` is plain text."""
    return message.render(DEFAULT_LOCALE)


def _failure(outcome: ActionOutcome) -> str:
    """The enrollment's error of a failed step (an action's own English detail put in a message)."""
    error = outcome.detail.get("error")
    return str(error) if error else error_text(msg("The step failed."))


def _record(run: JourneyStepRun, outcome: ActionOutcome, now: datetime) -> None:
    run.status = "done" if outcome.status == "done" else outcome.status
    run.outcome, run.finished_at = dict(outcome.detail), now


async def _local_step(
    session: AsyncSession, journey: Journey, graph: Graph, enrollment: JourneyEnrollment, node: Node, now: datetime
) -> str:
    """A node whose whole effect is in the database, in this transaction."""
    if node.type == "wait" and enrollment.status == "active":
        enrollment.status, enrollment.next_run_at = "waiting", wait_until(node, now)
        return "waiting"
    run = JourneyStepRun(
        id=uuid7(),
        enrollment_id=enrollment.id,
        journey_id=journey.id,
        node_id=node.id,
        status="done",
        attempts=1,
        outcome={},
        started_at=now,
        finished_at=now,
    )
    session.add(run)
    await session.flush()  # the unique (enrollment, node) ledger row, before any effect
    branch = None
    if node.type == "condition":
        context = await _context(session, journey, enrollment, node, run.id, now)
        blocked = refused(context)
        if blocked is not None:
            _record(run, blocked, now)
            fail(enrollment, now, str(blocked.detail["error"]))
            return "failed"
        branch = (
            "yes"
            if await holds(
                session,
                node,
                customer_id=enrollment.customer_id,
                contact_id=enrollment.contact_id,
                entered_at=enrollment.entered_at,
                stepped_at=enrollment.stepped_at,
                now=now,
            )
            else "no"
        )
        run.outcome = {"branch": branch}
    action = action_for(node)
    if action is not None:
        context = await _context(session, journey, enrollment, node, run.id, now)
        outcome = refused(context) or await _run_local(session, action, context)
        _record(run, outcome, now)
        if outcome.status == "failed":
            fail(enrollment, now, _failure(outcome))
            return "failed"
    advance(enrollment, graph, node, now, branch)
    return "stepped"


async def _run_local(session: AsyncSession, action: JourneyAction, context: ActionContext) -> ActionOutcome:
    try:
        async with session.begin_nested():
            return await action.run(session, context)
    except RapportError as error:  # e.g. the customer is no longer the owner's to see
        return ActionOutcome("failed", {"error": error_text(error.text)})


async def _start_external(
    session: AsyncSession, enrollment: JourneyEnrollment, journey: Journey, node: Node, now: datetime
) -> JourneyStepRun | None:
    """The committed-first ledger row of an external step (new, or resumed after its lease ran out); None when
    the step has already ended (the enrollment is then advanced by the caller)."""
    run = await session.scalar(
        select(JourneyStepRun).where(JourneyStepRun.enrollment_id == enrollment.id, JourneyStepRun.node_id == node.id)
    )
    if run is None:
        run = JourneyStepRun(
            id=uuid7(),
            enrollment_id=enrollment.id,
            journey_id=journey.id,
            node_id=node.id,
            status="started",
            attempts=1,
            outcome={},
            started_at=now,
        )
        session.add(run)
    elif run.status != "started":
        return None
    else:
        run.attempts += 1
    enrollment.next_run_at = now + LEASE
    return run


async def _finish_external(
    db: Database,
    action: JourneyAction,
    enrollment_id: uuid.UUID,
    run_id: uuid.UUID,
    now: datetime,
    settings: Settings | None = None,
) -> str:
    """Make the external call, then record its outcome and advance (or schedule a retry), in one transaction."""
    async with db.write() as session:
        enrollment = await session.get(JourneyEnrollment, enrollment_id, with_for_update=True)
        run = await session.get(JourneyStepRun, run_id, with_for_update=True)
        assert enrollment is not None
        assert run is not None
        journey = await session.get(Journey, enrollment.journey_id)
        assert journey is not None
        if run.status != "started" or enrollment.current_node != run.node_id:
            return "skipped"  # another worker finished it meanwhile
        graph = parse(journey.graph)
        node = graph.nodes[run.node_id]
        context = await _context(session, journey, enrollment, node, run.id, now)
        try:
            hosts = frozenset[str]() if settings is None else settings.audience_hosts
            outcome = (
                refused(context, hosts) or await _unreachable(node, settings) or await action.run(session, context)
            )
        except Exception as error:  # an unexpected failure: retried under the same key like a refused call
            log.exception("journey step failed", extra={"step": str(run.id)})
            outcome = ActionOutcome("retry", {"error": type(error).__name__})
        if outcome.status == "retry":
            run.outcome = dict(outcome.detail)
            if run.attempts >= MAX_ATTEMPTS:
                _record(run, ActionOutcome("failed", outcome.detail), now)
                text = msg("Node {node}: it failed after {n} attempts.", node=node.id, n=run.attempts)
                fail(enrollment, now, error_text(text))
                return "failed"
            enrollment.next_run_at = now + LEASE * run.attempts
            return "retry"
        _record(run, outcome, now)
        if outcome.status == "failed":
            fail(enrollment, now, _failure(outcome))
            return "failed"
        advance(enrollment, graph, node, now)
        return "stepped"


async def step_once(db: Database, now: datetime, settings: Settings | None = None) -> str | None:
    """Move one due enrollment by one node; what happened, or None when nothing is due. A step that breaks
    unexpectedly (any exception) fails its step and enrollment only, and is logged."""
    async with db.write() as session:
        enrollment = await _claim(session, now)
        if enrollment is None:
            return None
        try:
            async with session.begin_nested():
                stepped = await _step(session, enrollment, now)
        except Exception as error:
            log.exception("journey step failed", extra={"enrollment": str(enrollment.id)})
            await _broken(session, enrollment, now, error)
            return "failed"
        if isinstance(stepped, str):
            return stepped
    # The ledger row is committed: from here on a crash leaves a `started` step that a later run resumes.
    return await _finish_external(db, *stepped, now, settings)


async def _step(
    session: AsyncSession, enrollment: JourneyEnrollment, now: datetime
) -> str | tuple[JourneyAction, uuid.UUID, uuid.UUID]:
    """Run the enrollment's node when its effect is local (what happened), or start its external step (what
    `_finish_external` then calls)."""
    journey = await session.get(Journey, enrollment.journey_id)
    assert journey is not None
    graph = parse(journey.graph)
    node = graph.nodes.get(enrollment.current_node)
    if node is None:  # the journey was edited and the node is gone
        enrollment.status, enrollment.next_run_at, enrollment.finished_at = "exited", None, now
        return "exited"
    action = action_for(node)
    if action is None or not action.external:
        return await _local_step(session, journey, graph, enrollment, node, now)
    run = await _start_external(session, enrollment, journey, node, now)
    if run is None:
        advance(enrollment, graph, node, now)
        return "stepped"
    return (action, enrollment.id, run.id)


async def _broken(session: AsyncSession, enrollment: JourneyEnrollment, now: datetime, error: Exception) -> None:
    """Record the enrollment's current step as failed by an unexpected error, and fail the enrollment."""
    await session.refresh(enrollment)
    node_id = enrollment.current_node
    detail = {"error": type(error).__name__}
    row = {
        "id": uuid7(),
        "enrollment_id": enrollment.id,
        "journey_id": enrollment.journey_id,
        "node_id": node_id,
        "status": "failed",
        "attempts": 1,
        "outcome": detail,
        "started_at": now,
        "finished_at": now,
    }
    statement = insert(JourneyStepRun).values(row)
    update = {"status": "failed", "outcome": detail, "finished_at": now}
    await session.execute(statement.on_conflict_do_update(index_elements=["enrollment_id", "node_id"], set_=update))
    text = msg("Node {node}: the step failed unexpectedly ({error}).", node=node_id, error=type(error).__name__)
    fail(enrollment, now, error_text(text))


async def run_due(
    db: Database, now: datetime | None = None, limit: int = BATCH, settings: Settings | None = None
) -> dict[str, Any]:
    """Run the due steps of every active journey (at most `limit`), as of `now` (default: the clock's); `settings`
    say which addresses webhooks may reach (default: the process's)."""
    instant = now or clock.now()
    counts: dict[str, int] = {}
    for _ in range(limit):
        try:
            happened = await step_once(db, instant, settings)
        except Exception:  # e.g. recording an external call's outcome broke: its lease keeps it for later
            log.exception("journey step failed")
            happened = "error"
        if happened is None:
            break
        counts[happened] = counts.get(happened, 0) + 1
    return counts
