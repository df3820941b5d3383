"""Rendering a campaign's content for one recipient: merge fields by plain substitution (a fixed set of names,
nothing evaluated), links rewritten to tracked ones, the unsubscribe link and the open pixel added."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

#: The merge fields content may use, e.g. `{{contact.name}}`.
MERGE_FIELDS = ("contact.name", "customer.name")
_FIELD = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")
_URL = re.compile(r"https?://[^\s<>\"'）)]+")

#: What an SMS ends with: how to opt out by replying.
SMS_OPT_OUT = "回复T退订"
#: The unsubscribe line of emails, per language.
UNSUBSCRIBE = {"zh-CN": "不想再收到此类邮件？退订：", "en": "Don't want these emails? Unsubscribe: "}


def unknown_fields(text: str) -> list[str]:
    """The merge fields of `text` that are not in MERGE_FIELDS."""
    return sorted({name for name in _FIELD.findall(text) if name not in MERGE_FIELDS})


def merge(text: str, values: Mapping[str, str]) -> str:
    """`text` with each known merge field replaced by its value (unknown ones left as written)."""
    return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def rewrite_links(text: str, rewrite: Callable[[str], str]) -> str:
    """`text` with every http(s) link replaced by `rewrite(link)`."""
    return _URL.sub(lambda m: rewrite(m.group(0)), text)


@dataclass(frozen=True)
class Tracked:
    """The tracked links of one message: its click redirect of a link, its unsubscribe page and its open pixel."""

    click: Callable[[str], str]
    unsubscribe: str
    pixel: str


@dataclass(frozen=True)
class RenderedEmail:
    """An email as it goes out."""

    subject: str
    text: str
    html: str


def render_email(subject: str, body: str, values: Mapping[str, str], locale: str, links: Tracked) -> RenderedEmail:
    """The email for one recipient: merged, links tracked, the unsubscribe link in both parts, the pixel in HTML."""
    merged = rewrite_links(merge(body, values), links.click)
    footer = UNSUBSCRIBE.get(locale, UNSUBSCRIBE["en"])
    text = f"{merged}\n\n--\n{footer}{links.unsubscribe}\n"
    escaped = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', html.escape(merged, quote=False))
    paragraphs = "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in escaped.split("\n\n"))
    page = (
        f"<html><body>{paragraphs}<hr><p>{html.escape(footer)}"
        f'<a href="{html.escape(links.unsubscribe)}">{html.escape(links.unsubscribe)}</a></p>'
        f'<img src="{html.escape(links.pixel)}" width="1" height="1" alt=""></body></html>'
    )
    return RenderedEmail(merge(subject, values), text, page)


def render_sms(body: str, values: Mapping[str, str], links: Tracked) -> str:
    """An SMS or WeChat text for one recipient: merged, links tracked, ending with how to opt out."""
    text = rewrite_links(merge(body, values), links.click).rstrip()
    return text if text.endswith(SMS_OPT_OUT) else f"{text} {SMS_OPT_OUT}"
