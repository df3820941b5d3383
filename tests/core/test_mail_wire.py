"""The message bytes the delivery job writes directly (`rapport.core.mail.wire`) parse back, with the standard
library's default policy, to the headers and bodies that were queued: Chinese subjects and names included."""

from __future__ import annotations

import email
import email.policy
import uuid
from email.message import EmailMessage
from email.utils import parseaddr

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.mail.models import MailStream, OutboundEmail
from rapport.core.mail.outbox import Content, Email, enqueue
from rapport.core.mail.wire import compose

LONG = "A line of ASCII text that runs on " + "and on " * 200  # longer than a line may be: base64
UNSUBSCRIBE = "<https://crm.example.cn/m/u/" + "x" * 120 + ">"


def _parsed(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


async def _composed(db: Database, settings: Settings, queued: Email) -> tuple[OutboundEmail, EmailMessage, bytes]:
    async with db.write() as session:
        row_id = await enqueue(session, queued)
    async with db.read() as session:
        row = await session.get(OutboundEmail, row_id)
    assert row is not None
    wire = compose(row, settings)
    assert wire.to == queued.to and wire.sender == parseaddr(settings.mail_from)[1]
    return row, _parsed(wire.data), wire.data


async def test_a_marketing_message_parses_back_to_its_subject_names_headers_and_bodies(
    db: Database, settings: Settings
) -> None:
    settings = settings.model_copy(update={"mail_from": "Rapport 市场部 <news@crm.example.cn>"})
    subject = "双十二特惠：王小明，您的专属优惠券已到账！" * 3  # long enough to fold
    content = Content(
        subject=subject,
        text="您好，王小明：\n\n点击领取：https://crm.example.cn/c/1\n",
        html="<p>您好，<b>王小明</b>：</p>\n<p><a href='https://crm.example.cn/c/1'>领取</a></p>",
        headers={"List-Unsubscribe": UNSUBSCRIBE, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    queued = Email(
        to="wang@contoso.cn",
        content=content,
        kind="marketing.campaign",
        locale="zh-CN",
        stream=MailStream.MARKETING,
        recipient=("Contact", uuid.uuid4()),
    )
    row, message, data = await _composed(db, settings, queued)

    assert data.isascii() and all(len(line) <= 998 for line in data.split(b"\r\n"))
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends CRLF
    assert message["Subject"] == subject
    assert message["From"].addresses[0].display_name == "Rapport 市场部"
    assert message["From"].addresses[0].addr_spec == "news@crm.example.cn"
    assert message["To"] == "wang@contoso.cn"
    assert message["Message-ID"] == f"<{row.id}@crm.example.cn>"
    assert message["Date"].datetime == row.created_at.replace(microsecond=0)
    assert message["List-Unsubscribe"] == UNSUBSCRIBE
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["X-Rapport-Kind"] == "marketing.campaign"
    assert message["Content-Language"] == "zh-CN"
    assert message["Auto-Submitted"] is None
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html is not None
    assert plain.get_content() == content.text
    assert html.get_content() == f"{content.html}\n"  # a part's text ends with a line end, as set_content's does
    assert plain.get_content_charset() == html.get_content_charset() == "utf-8"


async def test_a_service_message_without_html_is_one_plain_part(db: Database, settings: Settings) -> None:
    queued = Email(to="li@example.com", content=Content("Your ticket", f"Hello\r\n{LONG}"), kind="t", locale="en")
    _, message, _ = await _composed(db, settings, queued)
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == f"Hello\n{LONG}\n"
    assert message["Subject"] == "Your ticket" and message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == "en"


async def test_a_line_break_in_a_header_value_never_starts_a_header(db: Database, settings: Settings) -> None:
    queued = Email(to="li@example.com", content=Content("Hi\r\nBcc: x@evil.test", "Hello"), kind="t", locale="en")
    _, message, _ = await _composed(db, settings, queued)
    assert message["Bcc"] is None and message["Subject"] == "Hi Bcc: x@evil.test"
