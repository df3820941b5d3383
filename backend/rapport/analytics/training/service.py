"""Training a model now: an administrator's request is queued (one waiting request per model), and the
`model-train-requests` job runs the oldest, once, whatever the number of workers.

A request is claimed under a row lock (`FOR UPDATE SKIP LOCKED`) and marked running in its own transaction; the
training then takes the same advisory lock as the scheduled training (`churn-train`, `win-probability`), so the two
never overlap: a request that finds it taken goes back to the queue for the job's next run. A request running for
longer than `STALE` (its worker died) is failed with a message saying so, and its requester may ask again.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.service import notify
from rapport.analytics.churn.jobs import score_locked, train_locked
from rapport.analytics.runs.models import PredictionModelRun
from rapport.analytics.training.models import WAITING, WAITING_SQL, PredictionTrainingRequest
from rapport.analytics.winprob.jobs import train_and_score
from rapport.core import audit, clock
from rapport.core.db import Database
from rapport.core.errors import ForbiddenError, RapportError
from rapport.core.i18n import Message, msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal

log = logging.getLogger(__name__)

#: A request running for longer than this is taken for dead (its worker stopped) and failed.
STALE = timedelta(minutes=30)

#: A training: record a run (and score with it) as of `now`; the run's id, or None when another worker is training
#: that model (the request waits for the job's next run).
Trainer = Callable[[Database, datetime], Awaitable[uuid.UUID | None]]

#: The models' names in messages.
MODEL_NAMES = {"churn": msg("churn risk"), "win": msg("win probability")}


async def _train_churn(db: Database, now: datetime) -> uuid.UUID | None:
    run = await train_locked(db, now)
    if run is None:
        return None
    await score_locked(db, now)
    return run.id


async def _train_win(db: Database, now: datetime) -> uuid.UUID | None:
    report = await train_and_score(db, now, force=True)
    return uuid.UUID(report["run"]) if report["trained"] else None


#: The training of each kind of model.
TRAINERS: Mapping[str, Trainer] = {"churn": _train_churn, "win": _train_win}


async def request_training(session: AsyncSession, principal: Principal, kind: str) -> PredictionTrainingRequest:
    """Queue a training of `kind`, or answer the request of that kind already queued or running (asking twice
    trains once)."""
    if principal.user_id is None:
        raise ForbiddenError(msg("Only a signed-in user may ask for a training."))
    table = PredictionTrainingRequest
    for _ in range(3):  # a waiting request may end between the insert that found it and the read of it
        added = await session.scalar(
            insert(table)
            .values(id=uuid7(), kind=kind, requested_by_id=principal.user_id, requested_at=clock.now(), status="queued")
            .on_conflict_do_nothing(index_elements=["kind"], index_where=WAITING_SQL)
            .returning(table.id)
        )
        waiting = await session.scalar(
            select(table).where(table.kind == kind, table.status.in_(WAITING)).execution_options(populate_existing=True)
        )
        if waiting is not None:
            if added is not None:
                audit.record(
                    session,
                    actor_id=principal.user_id,
                    entity_type="PredictionTrainingRequest",
                    entity_id=added,
                    action="create",
                    changes={"kind": [None, kind]},
                )
            return waiting
    raise RuntimeError("a training request was neither added nor found")


def _this_run(request: PredictionTrainingRequest) -> Any:
    """The request as this run claimed it (not failed as stale since, nor claimed again)."""
    table = PredictionTrainingRequest
    return (table.id == request.id) & (table.status == "running") & (table.started_at == request.started_at)


async def _claim(db: Database, now: datetime) -> PredictionTrainingRequest | None:
    """Fail the requests whose worker died, then take the oldest queued one (others skip it) and mark it running."""
    table = PredictionTrainingRequest
    async with db.write() as session:
        stale = await session.scalars(
            select(table)
            .where(table.status == "running", table.started_at < now - STALE)
            .with_for_update(skip_locked=True)
        )
        for dead in stale.all():
            minutes = int(STALE.total_seconds() // 60)
            _end(
                session,
                dead,
                None,
                msg("The training did not finish within {minutes} minutes (its worker stopped).", minutes=minutes),
            )
        request: PredictionTrainingRequest | None = await session.scalar(
            select(table)
            .where(table.status == "queued")
            .order_by(table.requested_at, table.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if request is not None:
            request.status, request.started_at = "running", now
        return request


def _end(
    session: AsyncSession,
    request: PredictionTrainingRequest,
    run: PredictionModelRun | None,
    error: Message | None,
) -> None:
    """Mark a request done (with its run) or failed (with why), and tell its requester."""
    request.status = "failed" if error is not None else "done"
    request.finished_at = clock.now()
    request.run_id = None if run is None else run.id
    request.error = None if error is None else error.to_json()
    model = MODEL_NAMES[request.kind]
    if error is not None:
        error_text = error
        notify(
            session,
            request.requested_by_id,
            kind="model_training",
            title=msg("Training the {model} model failed.", model=model),
            body=error_text,
            entity_type="PredictionTrainingRequest",
            entity_id=request.id,
        )
        return
    # The run's promotion note (promoted or not, and why), as stored.
    note_text = None if run is None or not run.note else Message.from_json(run.note)
    notify(
        session,
        request.requested_by_id,
        kind="model_training",
        title=msg("The {model} model was trained as you asked.", model=model),
        body=note_text,
        entity_type="PredictionTrainingRequest",
        entity_id=request.id,
    )


async def _this_runs_row(session: AsyncSession, request: PredictionTrainingRequest) -> PredictionTrainingRequest | None:
    """The request's row, locked, while it is still this run's (None: failed as stale or claimed again since)."""
    row: PredictionTrainingRequest | None = await session.scalar(
        select(PredictionTrainingRequest).where(_this_run(request)).with_for_update()
    )
    return row


async def _finish(
    db: Database, request: PredictionTrainingRequest, run_id: uuid.UUID | None, error: Message | None
) -> None:
    async with db.write() as session:
        row = await _this_runs_row(session, request)
        if row is None:  # failed as stale meanwhile: its requester was told so
            log.warning("training request %s is no longer this run's; its result is dropped", request.id)
            return
        run = None if run_id is None else await session.get(PredictionModelRun, run_id)
        _end(session, row, run, error)


async def _requeue(db: Database, request: PredictionTrainingRequest) -> None:
    async with db.write() as session:
        row = await _this_runs_row(session, request)
        if row is not None:
            row.status, row.started_at = "queued", None


def _failure_text(failure: Exception, request: PredictionTrainingRequest) -> Message:
    """Why a training failed, as its requester reads it: a Rapport error's own text (written for people), else only
    the kind of error. An exception's text can quote the data it choked on (a database error quotes the row's
    values), so it goes to the server's log, found by the request's id, never to the page."""
    if isinstance(failure, RapportError):
        return msg("The training failed: {reason}", reason=failure.text)
    return msg(
        "The training failed ({error}); the server's log has the details under training request {request}.",
        error=type(failure).__name__,
        request=str(request.id),
    )


async def run_one(db: Database, now: datetime, trainers: Mapping[str, Trainer] = TRAINERS) -> bool:
    """Run the oldest queued training to its end; False when none waits (or the model is being trained by the
    scheduled job: the request waits for the next run)."""
    request = await _claim(db, now)
    if request is None:
        return False
    try:
        run_id = await trainers[request.kind](db, now)
    except Exception as failure:  # the request ends failed, saying why, rather than running forever
        log.exception("training request %s failed", request.id)
        await _finish(db, request, None, _failure_text(failure, request))
        return True
    if run_id is None:
        await _requeue(db, request)
        return False
    await _finish(db, request, run_id, None)
    return True
