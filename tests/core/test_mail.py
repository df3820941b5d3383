"""Outbound email through a real SMTP sink: queued in the caller's transaction, delivered once, retried, recorded."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.mail.delivery import CONNECTIONS, MAX_ATTEMPTS, backoff, deliver_due
from rapport.core.mail.models import MailStatus, OutboundEmail
from rapport.core.mail.outbox import Content, Email, content_of, enqueue, recipient_of
from tests.conftest import free_port
from tests.mail_sink import MailSink


def _email(to: str = "wang@contoso.cn", key: str | None = None, subject: str = "您的工单已受理") -> Email:
    return Email(
        to=to,
        content=Content(subject=subject, text="正文\n", html="<p>正文</p>"),
        kind="test.message",
        locale="zh-CN",
        about=("Ticket", uuid.uuid4()),
        dedupe_key=key,
    )


async def _queue(db: Database, *emails: Email) -> list[uuid.UUID | None]:
    async with db.write() as session:
        return [await enqueue(session, email) for email in emails]


async def _row(db: Database, row_id: uuid.UUID | None) -> OutboundEmail:
    async with db.read() as session:
        row = await session.get(OutboundEmail, row_id)
    assert row is not None
    return row


async def test_a_queued_message_reaches_the_sink_once_with_both_parts_and_its_headers(
    db: Database, smtp_sink: MailSink
) -> None:
    [row_id] = await _queue(db, _email())

    assert await smtp_sink.deliver() == {"sent": 1, "retry": 0, "failed": 0}
    assert await smtp_sink.deliver() == {"sent": 0, "retry": 0, "failed": 0}

    [received] = smtp_sink.messages
    assert received.to == ["wang@contoso.cn"]
    assert received.subject == "您的工单已受理"
    assert received.text == "正文\n"
    assert received.html is not None and "<p>正文</p>" in received.html
    assert received.headers["Message-ID"] == f"<{row_id}@rapport.localhost>"
    assert received.headers["Content-Language"] == "zh-CN"
    assert received.headers["Auto-Submitted"] == "auto-generated"
    row = await _row(db, row_id)
    assert (row.status, row.attempts, row.last_error) == (MailStatus.SENT.value, 1, None)
    assert row.sent_at is not None


async def test_address_and_content_are_encrypted_at_rest(db: Database) -> None:
    [row_id] = await _queue(db, _email(to="secret.person@example.com", subject="Survey for secret.person"))
    async with db.read() as session:
        raw = (await session.execute(text("SELECT outbound_email::text FROM outbound_email"))).scalar_one()
    assert "secret.person" not in raw
    row = await _row(db, row_id)
    assert recipient_of(row) == "secret.person@example.com"
    assert content_of(row).subject == "Survey for secret.person"


async def test_a_dedupe_key_queues_a_message_once(db: Database) -> None:
    first, second = await _queue(db, _email(key="ticket:1:ack"), _email(key="ticket:1:ack"))
    assert first is not None and second is None
    async with db.read() as session:
        assert len((await session.scalars(select(OutboundEmail))).all()) == 1


async def test_a_temporary_refusal_is_retried_after_the_backoff_and_then_delivered_once(
    db: Database, smtp_sink: MailSink
) -> None:
    [row_id] = await _queue(db, _email())
    smtp_sink.refuse_next(1)
    start = clock.now()

    assert await smtp_sink.deliver(start) == {"sent": 0, "retry": 1, "failed": 0}
    row = await _row(db, row_id)
    assert (row.status, row.attempts) == (MailStatus.QUEUED.value, 1)
    assert row.last_error is not None and row.last_error.startswith("451")
    assert row.next_attempt_at == start + backoff(1)
    assert smtp_sink.messages == []

    # Not due before the backoff has passed; due after it; and never sent twice.
    assert await smtp_sink.deliver(start + backoff(1) - timedelta(seconds=1)) == {"sent": 0, "retry": 0, "failed": 0}
    assert await smtp_sink.deliver(start + backoff(1)) == {"sent": 1, "retry": 0, "failed": 0}
    assert await smtp_sink.deliver(start + timedelta(days=1)) == {"sent": 0, "retry": 0, "failed": 0}
    assert len(smtp_sink.messages) == 1
    row = await _row(db, row_id)
    assert (row.status, row.attempts, row.last_error) == (MailStatus.SENT.value, 2, None)


async def test_an_unknown_mailbox_fails_for_good_and_the_rest_still_go(db: Database, smtp_sink: MailSink) -> None:
    smtp_sink.sink.handler.unknown.add("nobody@example.com")
    bad, good = await _queue(db, _email(to="nobody@example.com"), _email(to="wang@contoso.cn"))

    assert await smtp_sink.deliver() == {"sent": 1, "retry": 0, "failed": 1}
    row = await _row(db, bad)
    assert row.status == MailStatus.FAILED.value
    assert row.last_error is not None and "550" in row.last_error
    assert (await _row(db, good)).status == MailStatus.SENT.value
    assert [m.to for m in smtp_sink.messages] == [["wang@contoso.cn"]]


async def test_a_large_outbox_goes_over_a_few_connections_each_message_once(db: Database, smtp_sink: MailSink) -> None:
    smtp_sink.sink.handler.unknown.add("u57@example.com")
    addresses = [f"u{n}@example.com" for n in range(230)]  # more than one chunk
    await _queue(db, *(_email(to=address) for address in addresses))
    smtp_sink.refuse_next(1)  # one message is refused for now: the rest still go on its connection
    start = clock.now()

    assert await smtp_sink.deliver(start) == {"sent": 228, "retry": 1, "failed": 1}
    received = [to for m in smtp_sink.messages for to in m.to]
    assert len(received) == len(set(received)) == 228
    missing = set(addresses) - set(received)
    assert len(missing) == 2 and "u57@example.com" in missing
    # 200 messages claimed per chunk over 8 connections, then 30 over 2 of them again: never a connection per message
    assert len(smtp_sink.sink.handler.peers) <= CONNECTIONS
    assert await smtp_sink.deliver(start) == {"sent": 0, "retry": 0, "failed": 0}
    assert await smtp_sink.deliver(start + backoff(1)) == {"sent": 1, "retry": 0, "failed": 0}
    assert sorted(to for m in smtp_sink.messages for to in m.to) == sorted(set(addresses) - {"u57@example.com"})


async def test_an_unreachable_server_leaves_everything_queued_with_the_error(db: Database, settings: Settings) -> None:
    nowhere = settings.model_copy(update={"smtp_port": free_port(), "smtp_timeout_seconds": 5})
    first, second = await _queue(db, _email(), _email())

    assert await deliver_due(db, nowhere, clock.now()) == {"sent": 0, "retry": 1, "failed": 0}  # stops at the first
    row = await _row(db, first)
    assert (row.status, row.attempts) == (MailStatus.QUEUED.value, 1)
    assert row.last_error is not None and row.last_error.startswith(("SMTPConnect", "ConnectionRefused", "OSError"))
    assert (await _row(db, second)).attempts == 0


async def test_the_last_try_marks_a_message_failed(db: Database, smtp_sink: MailSink) -> None:
    [row_id] = await _queue(db, _email())
    smtp_sink.refuse_next(MAX_ATTEMPTS)
    at = clock.now()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        await smtp_sink.deliver(at)
        at += backoff(attempt)
    row = await _row(db, row_id)
    assert (row.status, row.attempts) == (MailStatus.FAILED.value, MAX_ATTEMPTS)
    assert await smtp_sink.deliver(at + timedelta(days=30)) == {"sent": 0, "retry": 0, "failed": 0}
    assert smtp_sink.messages == []


async def test_two_workers_delivering_at_once_send_each_message_once(db: Database, smtp_sink: MailSink) -> None:
    await _queue(db, *[_email(to=f"person{n}@example.com") for n in range(12)])

    counts = await asyncio.gather(smtp_sink.deliver(), smtp_sink.deliver())

    assert sum(c["sent"] for c in counts) == 12
    assert sorted(m.to[0] for m in smtp_sink.messages) == sorted(f"person{n}@example.com" for n in range(12))


async def test_the_delivery_job_logs_at_info_only_when_it_sent_something(
    db: Database, smtp_sink: MailSink, caplog: pytest.LogCaptureFixture
) -> None:
    """`mail-deliver` runs every 10 seconds: an idle run is DEBUG, a run that handed mail over is INFO."""
    from rapport.core.jobs import run_job

    def finished() -> list[int]:
        return [r.levelno for r in caplog.records if r.name == "rapport.core.jobs" and r.message == "job finished"]

    with caplog.at_level(logging.DEBUG, logger="rapport.core.jobs"):
        await run_job("mail-deliver", db, smtp_sink.settings)
        assert finished() == [logging.DEBUG]
        await _queue(db, _email())
        caplog.clear()
        await run_job("mail-deliver", db, smtp_sink.settings)
        assert finished() == [logging.INFO]
    assert len(smtp_sink.messages) == 1


def test_the_development_inbox_reads_only_the_newest_messages_in_order(tmp_path: Path) -> None:
    """A development sink keeps everything it ever received; the inbox page asks for the newest few."""
    import mailbox
    import os
    from email.message import EmailMessage

    from rapport.core.mail import sink

    box = mailbox.Maildir(tmp_path / "box", create=True)
    for n in range(6):
        message = EmailMessage()
        message["Subject"] = f"message {n}"
        message["X-Sink-Received"] = f"2026-12-03T10:00:0{n}+00:00"
        message.set_content("正文")
        key = box.add(message)
        path = next(p for p in (tmp_path / "box").glob("*/*") if p.name.startswith(key))
        os.utime(path, (1_700_000_000 + n, 1_700_000_000 + n))
    newest = sink.inbox(tmp_path / "box", 2)
    assert [m.subject for m in newest] == ["message 4", "message 5"]
    assert [m.subject for m in sink.inbox(tmp_path / "box")] == [f"message {n}" for n in range(6)]
