"""The zh-CN interface shows no English text: every visible text node that is Latin-only must match an allowed
pattern (ticket numbers, emails, codes, numbers with units, names taken from the seeded data), never a sentence.
Text the page itself marks as code (`<code>`, `<kbd>`) is a code.

`latin_texts(page)` collects the visible Latin-only texts of a page; `unexplained(texts, names)` keeps those no
pattern allows. test_every_page.py runs it on every page of every role, with the server and data it shares.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from playwright.async_api import Page
from sqlalchemy import text

from rapport.core.db import Database

#: Patterns, not sentences: what may be Latin-only in a Chinese interface.
ALLOWED = tuple(
    re.compile(pattern)
    for pattern in (
        r"T-\d{4}-\d{6}",  # ticket numbers
        r"[\w.+*-]+@[\w-]+(\.[\w-]+)+",  # emails, masked or not
        r"[A-Za-z0-9_-]{24,}={0,2}",  # opaque ids
        r"[A-Z][A-Z0-9]*([_\-./:+][A-Z0-9]+)*",  # codes and abbreviations: SLA, CSAT, RFM, A, B2B, VIP
        r"[A-Za-z]?[\d\s.,:%+\-–/×*()¥$~<>≤≥]+[A-Za-z]{0,3}",  # numbers, dates and times with a unit (12 h, 3d, 5x)
        r"[+\d][\d\s*-]{5,}",  # phone numbers, masked or not
        r"(h|d|m|min|s|ms|x|k|K|M|W|pcs)",  # a unit standing apart from its number
        r"Rapport",  # the product
        r"https?://\S+",  # links
        r"[a-z]+(_[a-z]+)+",  # keys shown as data (round_robin)
        r"[A-Z][A-Za-z]+\.[a-z][A-Za-z]+",  # a schema coordinate, Type.field (the permission matrix)
    )
)
#: Collects the trimmed text of every visible text node that has a Latin letter and no CJK character.
_COLLECT = r"""() => {
  const found = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.textContent.replace(/\s+/g, " ").trim();
    if (!value || !/[A-Za-z]/.test(value) || /[\u3000-\u9fff\uff00-\uffef]/.test(value)) continue;
    const element = node.parentElement;
    // Text the page marks as code (field names in the audit log) is a code.
    const skipped = "script, style, noscript, svg, code, kbd, [aria-hidden=true], .ant-select-selection-search";
    if (!element || element.closest(skipped)) continue;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (box.width === 0 || box.height === 0 || style.visibility === "hidden" || style.display === "none") continue;
    found.add(value);
  }
  return [...found];
}"""

#: Text columns whose values are names people gave (or demo data generated): shown as they are in any language.
NAME_COLUMNS = (
    ("app_user", "name"),
    ("team", "name"),
    ("customer", "name"),
    ("opportunity", "name"),
    ("lead", "name"),
    ("lead", "company"),
    ("ticket", "subject"),
    ("tag", "name"),
    ("kb_article", "title"),
    ("business_calendar", "name"),
    ("business_calendar", "timezone"),  # an IANA time zone (Asia/Shanghai), as the administrator set it
    ("product", "name"),
    ("routing_rule", "skill"),
)
#: Array columns of names people gave: the skills agents have (routing matches them to rules).
NAME_ARRAY_COLUMNS = (("agent_profile", "skills"),)


async def data_names(db: Database) -> set[str]:
    """The names in the seeded data (the allow-list's names taken from data)."""
    names: set[str] = set()
    async with db.read() as session:
        for table, column in NAME_COLUMNS:
            exists = await session.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table})
            if exists.scalar():
                rows = await session.execute(text(f'SELECT DISTINCT "{column}" FROM "{table}"'))
                names.update(str(value).strip() for (value,) in rows if value)
        for table, column in NAME_ARRAY_COLUMNS:
            exists = await session.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table})
            if exists.scalar():
                rows = await session.execute(text(f'SELECT DISTINCT unnest("{column}") FROM "{table}"'))
                names.update(str(value).strip() for (value,) in rows if value)
    return names


@cache
def schema_type_names() -> frozenset[str]:
    """The GraphQL type names: codes, as the permission matrix lists them."""
    from rapport.assembly import build_schema

    return frozenset(name for name in build_schema()._schema.type_map if not name.startswith("__"))


async def latin_texts(page: Page) -> list[str]:
    """The visible Latin-only texts of the page."""
    found: list[str] = await page.evaluate(_COLLECT)
    return found


def unexplained(texts: Iterable[str], names: set[str]) -> list[str]:
    """The texts that no allowed pattern and no name from the data explains."""
    left = []
    for value in texts:
        rest = value
        for name in sorted((n for n in names if n in rest), key=len, reverse=True):
            rest = rest.replace(name, " ")
        parts = [p for p in re.split(r"[\s·•|,;:()\[\]→/]+", rest) if p]
        codes = schema_type_names()
        if not all(part in codes or any(pattern.fullmatch(part) for pattern in ALLOWED) for part in parts):
            left.append(value)
    return sorted(left)
