"""Writing rows to CSV (UTF-8 with a byte order mark, which Excel needs to read Chinese) or XLSX.

Text that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, their full-width forms, a tab or
a carriage return) is written to CSV with a leading apostrophe, so that opening an export never runs what someone
typed into a name (CSV/formula injection); XLSX cells are typed as text, which no spreadsheet evaluates. Numbers
stay numbers; dates are written as ISO 8601 text in UTC as the API gives them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Protocol

import xlsxwriter

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as typed."""
    return "'" + value if value.startswith(FORMULA_LEADS) else value


def cell(value: Any) -> str | int | Decimal | None:
    """One value of an answer as a cell: lists joined with "; ", booleans as true/false, text made safe."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        return safe_text("; ".join(str(v) for v in value if v is not None))
    return safe_text(str(value))


class Sheet(Protocol):
    """Where rows go."""

    def write(self, row: Sequence[Any]) -> None: ...

    def close(self) -> bytes: ...


class CsvSheet:
    """A CSV file in memory."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._buffer.write("\ufeff")
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def write(self, row: Sequence[Any]) -> None:
        """Add a row."""
        self._writer.writerow(["" if v is None else v for v in row])

    def close(self) -> bytes:
        """The file."""
        return self._buffer.getvalue().encode("utf-8")


class XlsxSheet:
    """An XLSX workbook of one sheet, written row by row in constant memory."""

    def __init__(self, title: str) -> None:
        self._buffer = io.BytesIO()
        self._book = xlsxwriter.Workbook(
            self._buffer, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        self._sheet = self._book.add_worksheet(title[:31])
        self._row = 0

    def write(self, row: Sequence[Any]) -> None:
        """Add a row: text always as a text cell (never a formula, so it needs no apostrophe), numbers as numbers."""
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                self._sheet.write_number(self._row, col, float(value))
            else:
                text = str(value)
                self._sheet.write_string(
                    self._row, col, text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_LEADS) else text
                )
        self._row += 1

    def close(self) -> bytes:
        """The file."""
        self._book.close()
        return self._buffer.getvalue()
