"""Email templates per locale: HTML escaped, dates written as the locale writes them, missing values refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.core import clock
from rapport.core.mail.templates import MailTemplates


def test_templates_escape_html_and_write_dates_for_the_locale(tmp_path: Path) -> None:
    for locale in ("zh-CN", "en"):
        (tmp_path / locale).mkdir()
        (tmp_path / locale / "note.subject.txt").write_text("{{ title }}\n")
        (tmp_path / locale / "note.txt").write_text("{{ title }} {{ at | datetime }}\n")
        (tmp_path / locale / "note.html").write_text(
            '{% extends "layout.html" %}{% block body %}<p>{{ title }}</p>{% endblock %}'
        )
    templates = MailTemplates(tmp_path)
    at = clock.now().replace(year=2026, month=12, day=2, hour=6, minute=14)  # 14:14 in Shanghai

    zh = templates.render("note", "zh-CN", title="<b>打印机</b>", at=at)
    en = templates.render("note", "en", title="<b>Printer</b>", at=at)

    assert zh.subject == "<b>打印机</b>"
    assert "2026年12月2日 14:14" in zh.text
    assert "Dec 2, 2026" in en.text and "2:14" in en.text
    assert zh.html is not None and "<p>&lt;b&gt;打印机&lt;/b&gt;</p>" in zh.html
    assert "服务通知" in zh.html and "service message" in (en.html or "")
    assert (
        templates.render("note", "fr", title="x", at=at).html
        == templates.render("note", "zh-CN", title="x", at=at).html
    )
    with pytest.raises(Exception, match="title"):
        templates.render("note", "en", at=at)  # a missing value fails loudly
