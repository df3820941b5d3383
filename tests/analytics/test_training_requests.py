"""Training a model now: administrators ask (every other role is refused and nothing is written), asking twice
answers the waiting request, and the `model-train-requests` job trains each request once however many workers run
it, never beside the scheduled training, fails a training that raised or whose worker died, and tells the requester."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from rapport.activities.models import Notification
from rapport.analytics.churn.jobs import TRAIN_LOCK
from rapport.analytics.runs.models import PredictionModelRun
from rapport.analytics.training import service
from rapport.analytics.training.models import PredictionTrainingRequest
from rapport.analytics.winprob.jobs import train_and_score
from rapport.assembly import install
from rapport.config import Settings
from rapport.core.db import Database, create_engine
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import Message, msg, render
from rapport.core.jobs import run_job
from tests.authz.conftest import USERS
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("demo")

TRAIN = """mutation($i: PredictionModelTrainInput!) { predictionModelTrain(input: $i) {
  request { id kind status requestedAt startedAt finishedAt error run { id kind } } userErrors { field code message } } }"""
LATEST = "{ predictionTrainingRequests { id kind status requestedAt startedAt finishedAt error run { id promoted } } }"

ADMIN = USERS["admin"]
#: The demo's users but the administrator (the integrator and the portal customer are not in the demo).
OTHERS = {role: email for role, email in USERS.items() if role not in ("integrator", "customer", "admin")}
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


async def _as(gql: GraphQLClient, email: str) -> None:
    assert (await gql.login(email))["data"]["login"]["userErrors"] == []


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]


async def _requests(db: Database) -> list[PredictionTrainingRequest]:
    async with db.read() as session:
        found = await session.scalars(
            select(PredictionTrainingRequest).order_by(PredictionTrainingRequest.requested_at)
        )
        return list(found)


async def _runs(db: Database, kind: str) -> int:
    async with db.read() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(PredictionModelRun).where(PredictionModelRun.kind == kind)
            )
            or 0
        )


async def _ask(gql: GraphQLClient, kind: str) -> dict[str, Any]:
    body = await gql(TRAIN, {"i": {"kind": kind}})
    assert "errors" not in body, body
    payload = body["data"]["predictionModelTrain"]
    assert payload["userErrors"] == []
    return dict(payload["request"])


async def _job(db: Database, settings: Settings, now: datetime = NOW) -> dict[str, Any]:
    install()
    return await run_job("model-train-requests", db, settings, now)


@pytest.mark.parametrize("role", list(OTHERS))
async def test_no_other_role_asks_for_a_training(gql: GraphQLClient, db: Database, role: str) -> None:
    await _as(gql, OTHERS[role])
    for kind in ("CHURN", "WIN"):
        body = await gql(TRAIN, {"i": {"kind": kind}})
        assert _codes(body) == ["FORBIDDEN"], (role, body)
    assert await _requests(db) == []
    latest = await gql(LATEST)
    if role == "analyst":  # analysts read model runs, and where the trainings asked for stand
        assert latest == {"data": {"predictionTrainingRequests": []}}
    else:
        assert _codes(latest) == ["FORBIDDEN"], (role, latest)


async def test_asking_twice_answers_the_waiting_request(gql: GraphQLClient, db: Database) -> None:
    await _as(gql, ADMIN)
    first = await _ask(gql, "CHURN")
    assert first["kind"] == "CHURN" and first["status"] == "QUEUED"
    assert first["startedAt"] is None and first["error"] is None and first["run"] is None
    again = await _ask(gql, "CHURN")
    assert again == first
    win = await _ask(gql, "WIN")
    assert win["id"] != first["id"]
    rows = await _requests(db)
    assert [(r.kind, r.status) for r in rows] == [("churn", "queued"), ("win", "queued")]
    latest = (await gql(LATEST))["data"]["predictionTrainingRequests"]
    assert [r["id"] for r in latest] == [first["id"], win["id"]]
    async with db.read() as session:
        audited = await session.execute(
            text("SELECT action FROM audit_entry WHERE entity_type = 'PredictionTrainingRequest'")
        )
        assert [row[0] for row in audited] == ["create", "create"]


async def test_two_workers_train_a_request_once_and_the_requester_is_told(
    gql: GraphQLClient, db: Database, settings: Settings
) -> None:
    await _as(gql, ADMIN)
    asked = await _ask(gql, "CHURN")
    assert settings.database_url
    workers = [Database(create_engine(settings.database_url, pool_size=2)) for _ in range(2)]
    try:
        results = await asyncio.gather(*(_job(w, settings) for w in workers))
    finally:
        for w in workers:
            await w.dispose()
    assert sorted(r["trained"] for r in results) == [0, 1]
    assert await _runs(db, "churn") == 1
    (row,) = await _requests(db)
    assert row.status == "done" and row.started_at == NOW and row.finished_at is not None and row.run_id
    latest = (await gql(LATEST))["data"]["predictionTrainingRequests"]
    assert latest[0]["id"] == asked["id"] and latest[0]["status"] == "DONE"
    assert latest[0]["run"]["id"] and latest[0]["error"] is None
    # Done: nothing waits, and a new request may be asked for.
    assert (await _job(db, settings, NOW + timedelta(seconds=3)))["trained"] == 0
    assert (await _ask(gql, "CHURN"))["id"] != asked["id"]
    async with db.read() as session:
        (note,) = (await session.scalars(select(Notification).where(Notification.kind == "model_training"))).all()
    assert note.entity_id == row.id and note.user_id == row.requested_by_id
    assert render(Message.from_json(note.message["title"]), "zh-CN") == "已按你的请求训练流失风险模型。"


async def test_a_win_request_trains_whatever_the_age_of_the_last_run(
    gql: GraphQLClient, db: Database, settings: Settings
) -> None:
    report = await train_and_score(db, NOW)
    assert report["trained"]
    # The daily job does not train again within 20 hours; a request does.
    assert not (await train_and_score(db, NOW + timedelta(hours=1)))["trained"]
    await _as(gql, ADMIN)
    await _ask(gql, "WIN")
    assert (await _job(db, settings, NOW + timedelta(hours=1)))["trained"] == 1
    assert await _runs(db, "win") == 2
    (row,) = await _requests(db)
    assert row.status == "done" and row.run_id is not None and str(row.run_id) != report["run"]


async def test_a_request_waits_while_the_scheduled_training_runs(
    gql: GraphQLClient, db: Database, settings: Settings
) -> None:
    await _as(gql, ADMIN)
    await _ask(gql, "CHURN")
    async with db.engine.connect() as conn, conn.begin():
        await conn.execute(select(func.pg_advisory_xact_lock(TRAIN_LOCK)))  # the weekly training holds it
        assert (await _job(db, settings))["trained"] == 0
        (row,) = await _requests(db)
        assert row.status == "queued" and row.started_at is None
    assert await _runs(db, "churn") == 0
    assert (await _job(db, settings, NOW + timedelta(seconds=3)))["trained"] == 1
    assert (await _requests(db))[0].status == "done"


async def test_a_failing_training_fails_its_request_with_the_reason(gql: GraphQLClient, db: Database) -> None:
    async def broken(database: Database, now: datetime) -> uuid.UUID | None:
        # An error's own text can quote the data it choked on: it goes to the log, never to the page.
        raise ValueError("duplicate key value violates unique constraint: (phone)=(+8613912345678)")

    await _as(gql, ADMIN)
    await _ask(gql, "WIN")
    assert await service.run_one(db, NOW, {"win": broken}) is True
    (row,) = await _requests(db)
    assert row.status == "failed" and row.run_id is None and row.finished_at is not None
    latest = (await gql(LATEST))["data"]["predictionTrainingRequests"]
    assert latest[0]["status"] == "FAILED"
    assert latest[0]["error"] == (
        f"The training failed (ValueError); the server's log has the details under training request {row.id}."
    )
    async with db.read() as session:
        (note,) = (await session.scalars(select(Notification).where(Notification.kind == "model_training"))).all()
    assert render(Message.from_json(note.message["title"]), "zh-CN") == "赢单概率模型训练失败。"
    body = render(Message.from_json(note.message["body"]), "zh-CN")
    assert body == f"训练失败（ValueError）；详情见服务器日志中的训练请求 {row.id}。"
    assert "8613912345678" not in str(note.message)
    # Failed: a new request may be asked for at once.
    assert (await _ask(gql, "WIN"))["status"] == "QUEUED"


async def test_a_training_that_says_why_it_failed_is_quoted(gql: GraphQLClient, db: Database) -> None:
    """Rapport's own errors are written for people: their text is the reason, in the reader's language."""

    async def refused(database: Database, now: datetime) -> uuid.UUID | None:
        raise BadUserInputError(msg("No churn has happened yet: nothing to learn from."))

    await _as(gql, ADMIN)
    await _ask(gql, "WIN")
    assert await service.run_one(db, NOW, {"win": refused}) is True
    latest = (await gql(LATEST))["data"]["predictionTrainingRequests"]
    assert latest[0]["error"] == "The training failed: No churn has happened yet: nothing to learn from."


async def test_a_request_whose_worker_died_is_failed_after_the_limit(
    gql: GraphQLClient, db: Database, settings: Settings
) -> None:
    await _as(gql, ADMIN)
    dead = await _ask(gql, "CHURN")
    await _ask(gql, "WIN")
    started = {"churn": NOW - timedelta(minutes=31), "win": NOW - timedelta(minutes=10)}
    async with db.write() as session:
        for row in await session.scalars(select(PredictionTrainingRequest)):
            row.status, row.started_at = "running", started[row.kind]
    assert (await _job(db, settings))["trained"] == 0
    rows = {r.kind: r for r in await _requests(db)}
    assert rows["churn"].status == "failed" and rows["win"].status == "running"
    assert await _runs(db, "churn") == 0
    latest = {r["kind"]: r for r in (await gql(LATEST))["data"]["predictionTrainingRequests"]}
    assert latest["CHURN"]["error"] == "The training did not finish within 30 minutes (its worker stopped)."
    async with db.read() as session:
        notes = (await session.scalars(select(Notification).where(Notification.kind == "model_training"))).all()
    assert [n.entity_id for n in notes] == [rows["churn"].id]
    # The dead worker's request no longer blocks: a new one is queued and trained.
    again = await _ask(gql, "CHURN")
    assert again["id"] != dead["id"] and again["status"] == "QUEUED"
    assert (await _job(db, settings, NOW + timedelta(seconds=3)))["trained"] == 1
    assert await _runs(db, "churn") == 1
