"""Text for people, in the reader's language: an English template with `{name}` placeholders plus parameters.

A message is written once, in English, where it arises: `msg("Pool rule {name} is in cooldown until {until}.",
name=rule.name, until=when)`. It is rendered only when a reader is known (`render(locale)`): the template is
looked up in the locale's catalog (`rapport/locales/<locale>.json`, English template -> translated template;
English is the template itself) and the parameters are formatted for the locale with Babel: datetimes in the
organisation's time zone (`2026年12月2日 14:14` / `Dec 2, 2026, 2:14 PM`), dates, numbers, lists, and nested
messages (a word that must be translated too is `msg("open")`). Strings are inserted as they are (names people
typed stay as typed).

The reader's locale of a request (`request_locale`): the `Accept-Language` the SPA sends with its current
language, else the signed-in user's `locale`, else zh-CN.

Messages are stored (notifications) as `Message.to_json()` and read back with `Message.from_json`
(`render_stored`). What a person typed is `typed(text)`: a message shown as typed.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, overload

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_decimal

from rapport.core.clock import BUSINESS_TZ

#: The languages Rapport speaks (the SPA's too).
LOCALES: Final = ("zh-CN", "en")
#: The language of a reader about whom nothing is known.
DEFAULT_LOCALE: Final = "zh-CN"
#: The language templates are written in (no catalog).
SOURCE_LOCALE: Final = "en"

#: The reader's language of the operation running now (set per GraphQL operation from its context): names
#: seeded in every language are read in it (`Named`) on both read paths.
reader_locale: ContextVar[str] = ContextVar("rapport_reader_locale", default=DEFAULT_LOCALE)

CATALOG_DIR: Final = Path(__file__).resolve().parent.parent / "locales"
_BABEL: Final = {"zh-CN": "zh_Hans_CN", "en": "en"}
_FORMATTER: Final = string.Formatter()


@dataclass(frozen=True, slots=True)
class Message:
    """Text for a person: an English template and its parameters, rendered in a reader's language."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, locale: str) -> str:
        """The text in `locale` (the template's English when the catalog has no translation)."""
        translated = catalog(locale).get(self.template, self.template)
        values = {name: format_value(value, locale) for name, value in self.params.items()}
        try:
            return translated.format_map(values)
        except (KeyError, IndexError, ValueError):  # a catalog entry that does not fit: the English text
            return self.template.format_map(_Missing(values))

    def __str__(self) -> str:
        return self.render(SOURCE_LOCALE)

    def to_json(self) -> dict[str, Any]:
        """A JSON-able form to store (`from_json` reads it back): datetimes, decimals and messages tagged."""
        return {"template": self.template, "params": {k: _dump(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        """The message stored by `to_json`."""
        return cls(str(data["template"]), {k: _load(v) for k, v in (data.get("params") or {}).items()})


@dataclass(frozen=True, slots=True)
class Named:
    """A name seeded in every language (a pipeline stage, an SLA policy), shown in the reader's; `text` when the
    reader's language has none (a name people typed)."""

    text: str
    labels: Mapping[str, str] = field(default_factory=dict)

    def render(self, locale: str) -> str:
        """The name in `locale`."""
        return self.labels.get(locale) or self.text


def named(text: str, labels: Mapping[str, str] | None) -> Named:
    """A name with its seeded labels per language (none: the name as typed)."""
    return Named(text, dict(labels or {}))


def renames(text: str, labels: Mapping[str, str] | None, given: str) -> bool:
    """Whether `given` renames a name seeded in every language: it is neither the name nor one of its labels (the
    web app sends back the name it showed, in the reader's language)."""
    return given != text and given not in (labels or {}).values()


def msg(template: str, /, **params: Any) -> Message:
    """A message: an English template with `{name}` placeholders, and the parameters that fill them."""
    return Message(template, params)


@overload
def typed(text: str) -> Message: ...
@overload
def typed(text: None) -> None: ...
def typed(text: str | None) -> Message | None:
    """What a person typed (a comment, a reason): shown as typed in every language."""
    return None if text is None else Message("{text}", {"text": text})


def render_stored(stored: Mapping[str, Any] | None, locale: str, fallback: str | None) -> str | None:
    """A message stored with `Message.to_json()`, in `locale`; `fallback` (text stored before messages were) when
    there is none."""
    return fallback if stored is None else Message.from_json(stored).render(locale)


def render(text: str | Message, locale: str) -> str:
    """The text in `locale`: a message rendered, a plain string (a template without parameters) translated."""
    if isinstance(text, Message):
        return text.render(locale)
    return catalog(locale).get(text, text)


def placeholders(template: str) -> set[str]:
    """The `{name}` placeholders of a template."""
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


@lru_cache(maxsize=len(LOCALES))
def catalog(locale: str) -> Mapping[str, str]:
    """English template -> the locale's template (empty for English and unknown locales)."""
    path = CATALOG_DIR / f"{locale}.json"
    if locale == SOURCE_LOCALE or not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def supported(locale: str | None) -> str | None:
    """The supported locale a language tag means (`zh`, `zh-Hans-CN`, `zh_CN` -> zh-CN; `en-US` -> en)."""
    if not locale:
        return None
    tag = locale.strip().replace("_", "-").lower()
    if tag.startswith("zh"):
        return "zh-CN"
    if tag == "en" or tag.startswith("en-"):
        return "en"
    return None


def negotiate(accept_language: str | None) -> str | None:
    """The supported locale an `Accept-Language` header prefers most (None when it names none). Kept for the last
    256 header values of up to 200 characters: a browser sends the same one with every request."""
    if not accept_language:
        return None
    if len(accept_language) > 200:
        return _negotiate(accept_language)
    return _kept_negotiation(accept_language)


def _negotiate(accept_language: str) -> str | None:
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        locale = supported(tag)
        if locale is not None and quality > 0:
            ranked.append((-quality, position, locale))
    return min(ranked)[2] if ranked else None


_kept_negotiation = lru_cache(maxsize=256)(_negotiate)


def request_locale(accept_language: str | None, user_locale: str | None = None) -> str:
    """The reader's locale of a request: the `Accept-Language` it sends, else the user's own, else zh-CN."""
    return negotiate(accept_language) or supported(user_locale) or DEFAULT_LOCALE


def format_value(value: Any, locale: str) -> str:
    """A parameter as the locale writes it."""
    where = Locale.parse(_BABEL.get(locale, _BABEL[DEFAULT_LOCALE]))
    if isinstance(value, Message | Named):
        return value.render(locale)
    if isinstance(value, str):
        return value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime):
        return format_datetime(value, locale)
    if isinstance(value, date):
        return format_date(value, "medium", locale=where)
    if isinstance(value, int | float | Decimal):
        return format_decimal(value, locale=where)
    if isinstance(value, Sequence):
        return format_list([format_value(item, locale) for item in value], locale=where)
    return str(value)


def format_datetime(value: datetime, locale: str) -> str:
    """A date and time in the organisation's time zone: `2026年12月2日 14:14` / `Dec 2, 2026, 2:14 PM`."""
    where = Locale.parse(_BABEL.get(locale, _BABEL[DEFAULT_LOCALE]))
    local = value.astimezone(BUSINESS_TZ) if value.tzinfo is not None else value
    pattern = str(where.datetime_formats["medium"])
    return pattern.replace("{1}", format_date(local.date(), "medium", locale=where)).replace(
        "{0}", format_time(local, "short", locale=where)
    )


class _Missing(dict[str, str]):
    """Parameters that leave an unknown placeholder as it is written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _dump(value: Any) -> Any:
    if isinstance(value, Message):
        return {"$message": value.to_json()}
    if isinstance(value, Named):
        return {"$named": {"text": value.text, "labels": dict(value.labels)}}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_dump(item) for item in value]
    return value


def _load(value: Any) -> Any:
    if isinstance(value, dict):
        if "$message" in value:
            return Message.from_json(value["$message"])
        if "$named" in value:
            return Named(value["$named"]["text"], value["$named"].get("labels") or {})
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        if "$decimal" in value:
            return Decimal(value["$decimal"])
    if isinstance(value, list):
        return [_load(item) for item in value]
    return value
