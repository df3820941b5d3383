"""Delivering the outbox over SMTP (aiosmtplib): each message once, retried with backoff, its status recorded.

The job claims due messages a chunk at a time with row locks (`FOR UPDATE SKIP LOCKED`): several workers never take
the same message, and a message is marked `sent` in the transaction that holds its lock while it is handed over.
A chunk goes over one SMTP connection (up to eight at once for a large chunk), and a run keeps its connections
for the next chunks, so that a campaign's thousands of messages are not one connection each. Each message is
written as bytes (`rapport.core.mail.wire`) and handed over with `sendmail`.
A temporary failure (the server unreachable, a 4xx answer) leaves it `queued` with the error and the time of the
next try; a permanent one (a 5xx answer) or the last try marks it `failed` with the error. A message claimed inside
its hold window (`hold_from`..`hold_until`, e.g. the recipient's quiet hours) is not handed over: it is due again
at `hold_until`. A message that was
`sent` is never sent again. Should the server take a message and the mark then be lost (the process dies between
the two), the messages of that chunk go once more with the same Message-IDs, which receivers use to drop the copies.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any

import aiosmtplib

from rapport.config import Settings, SmtpSecurity
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.core.mail.models import MailStatus, OutboundEmail
from rapport.core.mail.outbox import claim_due
from rapport.core.mail.wire import Wire, compose

log = logging.getLogger(__name__)

#: Tries before a message is given up on, and the wait after the first failed one (doubling, at most MAX_WAIT).
MAX_ATTEMPTS = 8
FIRST_WAIT = timedelta(minutes=1)
MAX_WAIT = timedelta(hours=6)
#: Messages one run of the job sends at most, and the time it may take (the next run, seconds later, goes on).
BATCH = 20_000
RUN_SECONDS = 8.0
#: Messages claimed per transaction, and the SMTP connections a chunk is spread over (one per SHARE messages).
CHUNK = 200
CONNECTIONS = 8
SHARE = 25


@dataclass(frozen=True)
class Outcome:
    """How handing one message over went."""

    sent: bool
    error: str | None = None
    permanent: bool = False
    #: The server could not be reached at all: the rest of the batch waits for the next run.
    unreachable: bool = False


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failed ones: 1, 2, 4 ... minutes, at most 6 hours."""
    return min(FIRST_WAIT * (1 << max(attempts - 1, 0)), MAX_WAIT)


def _client(settings: Settings) -> aiosmtplib.SMTP:
    return aiosmtplib.SMTP(
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        # An empty value (SMTP_USERNAME= in a compose file) means no login, as an unset one does.
        username=settings.smtp_username or None,
        password=settings.smtp_password or None,
        use_tls=settings.smtp_security == SmtpSecurity.TLS,
        start_tls=settings.smtp_security == SmtpSecurity.STARTTLS,
        timeout=settings.smtp_timeout_seconds,
        # The name EHLO gives: the sender's domain (else aiosmtplib looks the host's name up for each connection).
        local_hostname=parseaddr(settings.mail_from)[1].rpartition("@")[2] or "rapport.localhost",
    )


def _refused(error: aiosmtplib.SMTPException) -> Outcome | None:
    """The outcome of a message the server answered with a refusal; None for any other error."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        codes = [refused.code for refused in error.recipients]
        text = "; ".join(f"{r.code} {r.message}" for r in error.recipients)
        return Outcome(False, f"recipient refused: {text}", permanent=all(code >= 500 for code in codes))
    if isinstance(error, aiosmtplib.SMTPResponseException) and error.code != 421:  # 421: the server is closing
        return Outcome(False, f"{error.code} {error.message}", permanent=error.code >= 500)
    return None


class Connections:
    """The SMTP connections of one delivery run, up to CONNECTIONS, each made when first needed and used again for
    the next chunks (a lost one is made anew); `close` ends them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.clients: list[aiosmtplib.SMTP | None] = [None] * CONNECTIONS

    async def connected(self, slot: int) -> aiosmtplib.SMTP:
        """The open connection of a slot, made when it has none."""
        client = self.clients[slot]
        if client is None or not client.is_connected:
            client = _client(self.settings)
            self.clients[slot] = client
            await client.connect()
        return client

    def drop(self, slot: int) -> None:
        """Forget a slot's connection (it failed)."""
        client, self.clients[slot] = self.clients[slot], None
        if client is not None:
            client.close()

    async def close(self) -> None:
        """End every connection politely (QUIT)."""
        for slot, client in enumerate(self.clients):
            if client is not None and client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()
            self.clients[slot] = None


async def send_over_one_connection(
    messages: Sequence[Wire], connections: Connections, slot: int = 0
) -> list[Outcome | None]:
    """Hand messages to the configured SMTP server over one connection (a slot of `connections`), in order. Each
    gets its outcome; when the connection cannot be made or is lost, the message being sent is `unreachable` and the
    rest are not tried (None)."""
    outcomes: list[Outcome | None] = [None] * len(messages)
    current = 0
    try:
        client = await connections.connected(slot)
        for current, message in enumerate(messages):
            try:
                await client.sendmail(message.sender, [message.to], message.data)
                outcomes[current] = Outcome(True)
            except aiosmtplib.SMTPException as error:
                refused = _refused(error)
                if refused is None:
                    raise
                outcomes[current] = refused
                await client.rset()  # the next message starts a fresh transaction
    except (aiosmtplib.SMTPException, OSError) as error:
        outcomes[current] = Outcome(False, f"{type(error).__name__}: {error}", unreachable=True)
        connections.drop(slot)
    return outcomes


async def send(message: Wire, settings: Settings) -> Outcome:
    """Hand one message to the configured SMTP server (a connection of its own)."""
    connections = Connections(settings)
    try:
        outcome = (await send_over_one_connection([message], connections))[0]
    finally:
        await connections.close()
    assert outcome is not None
    return outcome


async def send_many(messages: Sequence[Wire], connections: Connections) -> list[Outcome | None]:
    """Hand messages over on up to CONNECTIONS connections at once (one per SHARE messages, so a few messages go
    over one connection in order); each message's outcome, None for those not tried (see
    `send_over_one_connection`)."""
    count = max(1, min(CONNECTIONS, -(-len(messages) // SHARE)))
    size = -(-len(messages) // count)
    shares = [messages[start : start + size] for start in range(0, len(messages), size)]
    results = await asyncio.gather(
        *(send_over_one_connection(share, connections, slot) for slot, share in enumerate(shares))
    )
    return [outcome for result in results for outcome in result]


def held(row: OutboundEmail, now: datetime) -> bool:
    """Whether `now` falls in the message's hold window; if so it waits until the window ends."""
    if row.hold_from is None or row.hold_until is None or not row.hold_from <= now < row.hold_until:
        return False
    row.next_attempt_at = row.hold_until
    return True


def record(row: OutboundEmail, outcome: Outcome, now: datetime) -> None:
    """Write down how the try went: sent, queued again for later, or failed for good."""
    row.attempts += 1
    if outcome.sent:
        row.status, row.sent_at, row.last_error = MailStatus.SENT.value, now, None
        return
    row.last_error = (outcome.error or "unknown error")[:2000]
    if outcome.permanent or row.attempts >= MAX_ATTEMPTS:
        row.status = MailStatus.FAILED.value
    else:
        row.next_attempt_at = now + backoff(row.attempts)


async def deliver_due(
    db: Database, settings: Settings, now: datetime, batch: int = BATCH, seconds: float = RUN_SECONDS
) -> dict[str, int]:
    """Send the messages that are due, a chunk per transaction, until none is due, `batch` were tried, `seconds`
    passed or the server cannot be reached; counts of what happened."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    deadline = time.monotonic() + seconds
    connections = Connections(settings)
    try:
        await _deliver_chunks(db, settings, now, batch, deadline, connections, counts)
    finally:
        await connections.close()
    return counts


async def _deliver_chunks(
    db: Database,
    settings: Settings,
    now: datetime,
    batch: int,
    deadline: float,
    connections: Connections,
    counts: dict[str, int],
) -> None:
    tried = 0
    while tried < batch and time.monotonic() < deadline:
        async with db.write() as session:
            rows = await claim_due(session, now, min(CHUNK, batch - tried))
            if not rows:
                break
            ready = [row for row in rows if not held(row, now)]  # held ones are due again when their window ends
            if len(ready) < len(rows):
                counts["held"] = counts.get("held", 0) + len(rows) - len(ready)
                rows = ready
                if not rows:
                    continue
            outcomes = await send_many([compose(row, settings) for row in rows], connections)
            unreachable = next((i for i, outcome in enumerate(outcomes) if outcome and outcome.unreachable), None)
            for index, (row, outcome) in enumerate(zip(rows, outcomes, strict=True)):
                # Unreachable: only the first message that found no server counts a try; the rest wait untouched.
                if outcome is None or (outcome.unreachable and index != unreachable):
                    continue
                record(row, outcome, now)
                tried += 1
                key = "sent" if outcome.sent else ("failed" if row.status == MailStatus.FAILED.value else "retry")
                counts[key] += 1
                if not outcome.sent:
                    log.warning("email not delivered", extra={"email": str(row.id), "error": row.last_error})
        if unreachable is not None:
            break


@periodic_job("mail-deliver", "* * * * * */10", "Send queued emails over SMTP (retries with backoff).")
async def mail_delivery(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """The outbox's delivery, every ten seconds."""
    return await deliver_due(db, settings, now)
