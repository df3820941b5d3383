"""The development SMTP sink (aiosmtpd): takes every message and keeps it in a Maildir, delivering nothing.

`make run` starts it with the server (`rapport serve --mail-sink`); tests start one on a free port. Admins read
what it received on the development inbox page (`devInbox`), which exists only outside production.
"""

from __future__ import annotations

import asyncio
import email.policy
import mailbox
import os
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

_PARSER = BytesParser(policy=email.policy.default)
#: The host part of Maildir file names (no `/` or `:`, which the names may not hold).
_HOST = socket.gethostname().replace("/", "\\057").replace(":", "\\072")


def _box(directory: Path) -> mailbox.Maildir:
    """The Maildir in `directory`, its folders made when missing (Maildir makes them only for a new directory)."""
    for folder in ("tmp", "new", "cur"):
        (directory / folder).mkdir(parents=True, exist_ok=True)
    return mailbox.Maildir(directory, create=False)


def keep(directory: Path, data: bytes) -> str:
    """Put a message into the Maildir (written in `tmp`, then moved into `new`); its key. Unlike
    `mailbox.Maildir.add` it does not fsync each file: a development sink's mail needs no durability, and an fsync
    a message held the sink (and so any benchmark of sending) to a few dozen messages a second."""
    key = f"{time.time():.6f}.M{uuid.uuid4().hex}P{os.getpid()}.{_HOST}"
    temporary = directory / "tmp" / key
    temporary.write_bytes(data)
    os.rename(temporary, directory / "new" / key)
    return key


class MaildirHandler:
    """aiosmtpd's handler: every message into the Maildir, with the envelope's recipients in a header.

    `refuse_next` makes it answer the next messages with a temporary failure (451), as a busy server does;
    addresses in `unknown` are refused for good (550), as for a mailbox that does not exist.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.refuse_next = 0
        self.unknown: set[str] = set()
        #: The client ends (host, port) that sent recipients: one per SMTP connection.
        self.peers: set[object] = set()
        _box(directory)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        """Take a recipient, unless it is one of the unknown."""
        self.peers.add(session.peer)
        if address.lower() in self.unknown:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Keep the message (or refuse it for now when asked to)."""
        if self.refuse_next > 0:
            self.refuse_next -= 1
            return "451 4.3.0 The sink refuses this message for now; try again later"
        content = envelope.original_content or envelope.content or b""
        raw = content if isinstance(content, bytes) else content.encode()
        received = datetime.now(UTC).isoformat(timespec="microseconds")
        header = f"X-Sink-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\nX-Sink-Received: {received}\r\n"
        # The file is written by a thread, so the sink goes on talking to its other connections meanwhile.
        await asyncio.get_running_loop().run_in_executor(None, keep, self.directory, header.encode() + raw)
        return "250 2.0.0 Kept by the development sink"


class SmtpSink:
    """An SMTP server on `host:port` that keeps what it receives in `directory` (a Maildir)."""

    def __init__(self, directory: Path, host: str = "127.0.0.1", port: int = 8025) -> None:
        self.directory = directory
        self.host, self.port = host, port
        self.handler = MaildirHandler(directory)
        self._controller = Controller(self.handler, hostname=host, port=port, ready_timeout=10)

    def start(self) -> SmtpSink:
        """Listen (in a thread of its own, with its own event loop)."""
        self._controller.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        self._controller.stop()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def messages(self) -> list[SinkMessage]:
        """What it received, oldest first."""
        return inbox(self.directory)

    def clear(self) -> None:
        """Forget what it received."""
        box = _box(self.directory)
        for key in list(box.keys()):
            box.discard(key)


@dataclass(frozen=True)
class SinkMessage:
    """A message the sink received."""

    id: str
    received_at: datetime
    sender: str
    to: list[str]
    subject: str
    text: str
    html: str | None
    headers: dict[str, str]
    message: EmailMessage


def _part(message: EmailMessage, subtype: str) -> str | None:
    body = message.get_body(preferencelist=(subtype,))
    if body is None or body.get_content_subtype() != subtype:
        return None
    content: Any = body.get_content()
    return str(content)


def _read(box: mailbox.Maildir, key: str) -> SinkMessage:
    with box.get_file(key) as file:
        message = _PARSER.parse(file)  # type: ignore[arg-type]
    assert isinstance(message, EmailMessage)
    envelope = str(message.get("X-Sink-Envelope-To", ""))
    return SinkMessage(
        id=key,
        received_at=datetime.fromisoformat(str(message.get("X-Sink-Received", "1970-01-01T00:00:00+00:00"))),
        sender=str(message.get("From", "")),
        to=[address.strip() for address in envelope.split(",") if address.strip()] or [str(message.get("To", ""))],
        subject=str(message.get("Subject", "")),
        text=_part(message, "plain") or "",
        html=_part(message, "html"),
        headers={name: str(value) for name, value in message.items()},
        message=message,
    )


def inbox(directory: Path, limit: int | None = None) -> list[SinkMessage]:
    """The messages in a sink's Maildir, oldest first (the newest `limit` when given)."""
    if not directory.is_dir():
        return []
    box = _box(directory)
    keys: list[str] = list(box.iterkeys())
    if limit:
        # Read only the newest files (a development sink keeps everything it ever received): by modification time,
        # with room for messages written within the same instant; the exact order comes from their headers below.
        written = {
            entry.name.split(":", 1)[0]: entry.stat().st_mtime
            for folder in ("new", "cur")
            for entry in os.scandir(directory / folder)
            if entry.is_file()
        }
        keys = sorted(keys, key=lambda key: written.get(key, 0.0))[-(limit * 2) :]
    found = []
    for key in keys:
        try:
            found.append(_read(box, key))
        except (KeyError, FileNotFoundError):  # removed meanwhile
            continue
    found.sort(key=lambda m: (m.received_at, m.id))
    return found[-limit:] if limit else found


def message(directory: Path, key: str) -> SinkMessage | None:
    """One message by its id, None when there is none such."""
    if not directory.is_dir():
        return None
    box = _box(directory)
    try:
        return _read(box, key)
    except (KeyError, FileNotFoundError):
        return None
