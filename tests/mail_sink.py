"""The SMTP sink for tests: a real aiosmtpd server on a free port, and the outbox delivered to it on demand.

`smtp_sink` (available to every test through tests/conftest.py) starts an empty sink, and gives:
- `smtp_sink.messages`: what it received (each with `to`, `subject`, `text`, `html`, `headers`), oldest first;
- `smtp_sink.to(address)`: the messages for one address;
- `await smtp_sink.deliver()`: runs the outbox's delivery (what the `mail-deliver` job does) against the sink, in
  the test process, and returns its counts. The live test server runs without jobs: call this after the change.
The sink keeps mail in the run's `mail_sink_dir`, which the live server's development inbox reads too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.mail.delivery import deliver_due
from rapport.core.mail.sink import SinkMessage, SmtpSink


@dataclass
class MailSink:
    """A running sink and the settings that send to it."""

    sink: SmtpSink
    settings: Settings
    db: Database

    @property
    def messages(self) -> list[SinkMessage]:
        """What the sink received, oldest first."""
        return self.sink.messages

    def to(self, address: str) -> list[SinkMessage]:
        """The messages whose envelope names this address."""
        return [m for m in self.messages if address.lower() in (a.lower() for a in m.to)]

    def refuse_next(self, count: int = 1) -> None:
        """Answer the next `count` messages with a temporary failure (451)."""
        self.sink.handler.refuse_next = count

    async def deliver(self, now: datetime | None = None) -> dict[str, int]:
        """Deliver the due outbox to the sink (as the `mail-deliver` job does at `now`)."""
        return await deliver_due(self.db, self.settings, now or clock.now())


@pytest.fixture(scope="session")
def mail_sink_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Maildir test sinks keep mail in (the live server's development inbox reads it)."""
    return tmp_path_factory.mktemp("mail-sink")


@pytest.fixture
def smtp_sink(mail_sink_dir: Path, settings: Settings, db: Database) -> Iterator[MailSink]:
    """An empty SMTP sink on a free port, and settings whose SMTP server it is."""
    from tests.conftest import free_port

    sink = SmtpSink(mail_sink_dir, "127.0.0.1", free_port())
    sink.clear()
    with sink:
        yield MailSink(sink, settings.model_copy(update={"smtp_port": sink.port, "smtp_host": "127.0.0.1"}), db)
