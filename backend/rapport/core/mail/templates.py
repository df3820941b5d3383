"""Email templates per locale (Jinja2): a subject, a plain-text part and an HTML part (autoescaped).

A domain keeps its templates in a directory of its own, one folder per locale: `<locale>/<name>.subject.txt`,
`<locale>/<name>.txt` and `<locale>/<name>.html`. HTML templates extend the shared `layout.html` and text templates
include `<locale>/footer.txt` (both here, in `rapport/core/mail/templates`). Dates go through the `datetime` filter,
which writes them as the message's locale does (`2026年12月2日 14:14`, `Dec 2, 2026, 2:14 PM`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2

from rapport.core.i18n import DEFAULT_LOCALE, LOCALES, format_datetime
from rapport.core.mail.outbox import Content

SHARED = Path(__file__).resolve().parent / "templates"


@jinja2.pass_context
def _datetime(context: jinja2.runtime.Context, value: datetime | None) -> str:
    return "" if value is None else format_datetime(value, str(context.get("locale", DEFAULT_LOCALE)))


def _environment(directory: Path, *, html: bool) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([directory, SHARED]),
        autoescape=html,  # noqa: S701 - the text parts are plain text, never shown as HTML
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["datetime"] = _datetime
    return environment


class MailTemplates:
    """The templates of one kind of sender (e.g. the service desk's customer messages)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._text = _environment(directory, html=False)
        self._html = _environment(directory, html=True)

    def render(self, name: str, locale: str, /, **values: Any) -> Content:
        """The message `name` in `locale` (zh-CN when that locale is not one Rapport speaks)."""
        where = locale if locale in LOCALES else DEFAULT_LOCALE
        context = {**values, "locale": where}
        subject = self._text.get_template(f"{where}/{name}.subject.txt").render(context)
        subject = " ".join(subject.split())  # one line, whatever the template's layout
        text = self._text.get_template(f"{where}/{name}.txt").render(context)
        html = self._html.get_template(f"{where}/{name}.html").render({**context, "email_subject": subject})
        return Content(subject=subject, text=text, html=html)
