"""Delivering the outbox over SMTP (aiosmtplib): each message once, retried with backoff, its status recorded.

The job claims one due message at a time with a row lock (`FOR UPDATE SKIP LOCKED`): several workers never take
the same message, and a message is marked `sent` in the transaction that holds the lock while it is handed over.
A temporary failure (the server unreachable, a 4xx answer) leaves it `queued` with the error and the time of the
next try; a permanent one (a 5xx answer) or the last try marks it `failed` with the error. A message that was
`sent` is never sent again. Should the server take a message and the mark then be lost (the process dies between
the two), the message goes once more with the same Message-ID, which receivers use to drop the copy.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

import aiosmtplib

from rapport.config import Settings, SmtpSecurity
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.core.mail.models import MailStatus, OutboundEmail
from rapport.core.mail.outbox import claim_due, content_of, recipient_of

log = logging.getLogger(__name__)

#: Tries before a message is given up on, and the wait after the first failed one (doubling, at most MAX_WAIT).
MAX_ATTEMPTS = 8
FIRST_WAIT = timedelta(minutes=1)
MAX_WAIT = timedelta(hours=6)
#: Messages one run of the job sends at most (the next run, seconds later, goes on).
BATCH = 100


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


def compose(row: OutboundEmail, settings: Settings) -> EmailMessage:
    """The message as it goes over the wire: headers, a plain-text part and an HTML alternative."""
    content = content_of(row)
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = recipient_of(row)
    message["Subject"] = content.subject
    message["Date"] = format_datetime(row.created_at)
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "rapport.localhost"
    message["Message-ID"] = f"<{row.id}@{domain}>"
    message["X-Rapport-Kind"] = row.kind
    if row.stream == "service":
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to service messages
    else:  # marketing: the headers its content carries (List-Unsubscribe and its one-click POST, RFC 8058)
        for name, value in (content.headers or {}).items():
            message[name] = value
    message.set_content(content.text)
    if content.html:
        message.add_alternative(content.html, subtype="html")
    message["Content-Language"] = row.locale  # after the parts: setting content drops Content-* headers
    return message


async def send(message: EmailMessage, settings: Settings) -> Outcome:
    """Hand one message to the configured SMTP server."""
    try:
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            # An empty value (SMTP_USERNAME= in a compose file) means no login, as an unset one does.
            username=settings.smtp_username or None,
            password=settings.smtp_password or None,
            use_tls=settings.smtp_security == SmtpSecurity.TLS,
            start_tls=settings.smtp_security == SmtpSecurity.STARTTLS,
            timeout=settings.smtp_timeout_seconds,
        )
    except aiosmtplib.SMTPRecipientsRefused as error:
        codes = [refused.code for refused in error.recipients]
        text = "; ".join(f"{r.code} {r.message}" for r in error.recipients)
        return Outcome(False, f"recipient refused: {text}", permanent=all(code >= 500 for code in codes))
    except aiosmtplib.SMTPResponseException as error:
        return Outcome(False, f"{error.code} {error.message}", permanent=error.code >= 500)
    except (aiosmtplib.SMTPException, OSError) as error:
        return Outcome(False, f"{type(error).__name__}: {error}", unreachable=True)
    return Outcome(True)


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


async def deliver_due(db: Database, settings: Settings, now: datetime, batch: int = BATCH) -> dict[str, int]:
    """Send the messages that are due, one transaction each; counts of what happened."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for _ in range(batch):
        async with db.write() as session:
            row = await claim_due(session, now)
            if row is None:
                break
            outcome = await send(compose(row, settings), settings)
            record(row, outcome, now)
        key = "sent" if outcome.sent else ("failed" if row.status == MailStatus.FAILED.value else "retry")
        counts[key] += 1
        if not outcome.sent:
            log.warning("email not delivered", extra={"email": str(row.id), "error": row.last_error})
        if outcome.unreachable:
            break
    return counts


@periodic_job("mail-deliver", "* * * * * */10", "Send queued emails over SMTP (retries with backoff).")
async def mail_delivery(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """The outbox's delivery, every ten seconds."""
    return await deliver_due(db, settings, now)
