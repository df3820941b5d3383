"""Reading an uploaded spreadsheet: CSV in any common encoding (UTF-8 with or without its byte order mark, GBK,
GB18030, UTF-16) with its delimiter detected, or XLSX (read with `python-calamine`), one table per sheet.

An upload is refused before it is parsed when it is larger than `MAX_UPLOAD_BYTES`, and an XLSX whose parts would
unpack to more than `MAX_UNPACKED_BYTES`, or far more than it weighs (a zip bomb), is refused from its directory
alone, without unpacking anything. Cells are read as text, as a person typed them: numbers without a trailing
`.0`, dates as ISO 8601.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import pickle
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg

#: The largest file taken.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: What the parts of an XLSX may unpack to at most, and how much larger than the file they may be.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
#: Most rows one sheet may hold (a header and the data).
MAX_ROWS = 1_000_001
csv.field_size_limit(1024 * 1024)
#: How long reading a workbook may take.
CHILD_SECONDS = 300
#: The delimiters a CSV may use, most likely first.
DELIMITERS = ",;\t|"
_ENCODINGS = ("utf-8", "gb18030")


@dataclass(frozen=True)
class Sheet:
    """One table of the file: its name, its header row and its data rows (cells as text; a row may be shorter
    than the header, its missing cells empty)."""

    name: str
    headers: list[str]
    rows: list[tuple[str, ...]]
    #: Each data row's number as the spreadsheet shows it (the first row is 1; empty rows are skipped).
    numbers: list[int] = field(default_factory=list)

    def number(self, index: int) -> int:
        """The spreadsheet's number of the data row at `index`."""
        return self.numbers[index] if index < len(self.numbers) else index + 2

    def at(self, number: int) -> tuple[str, ...]:
        """The data row the spreadsheet numbers `number` (empty when there is none)."""
        index = bisect.bisect_left(self.numbers, number)
        return self.rows[index] if index < len(self.numbers) and self.numbers[index] == number else ()


@dataclass(frozen=True)
class Upload:
    """What the file holds, and how it was read."""

    kind: str
    encoding: str | None
    delimiter: str | None
    sheets: list[Sheet]


def read(content: bytes, filename: str = "") -> Upload:
    """Every sheet of an uploaded CSV or XLSX file; BAD_USER_INPUT naming the problem otherwise."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise BadUserInputError(
            msg("The file is larger than {limit} MB.", limit=MAX_UPLOAD_BYTES // 1024 // 1024), field="file"
        )
    if not content.strip():
        raise BadUserInputError("The file is empty.", field="file")
    if content[:4] == b"PK\x03\x04":
        return Upload("xlsx", None, None, _xlsx(content))
    if filename.lower().endswith((".xls", ".xlsx", ".xlsm")) or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise BadUserInputError(
            "Save the workbook as .xlsx (Excel 2007 or later) or as CSV, then upload it.", field="file"
        )
    text, encoding = _decode(content)
    delimiter = _delimiter(text)
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        sheet = _sheet(filename.rsplit("/", 1)[-1] or "CSV", rows)
    except csv.Error:
        raise BadUserInputError(
            "A cell of the file is longer than 1 MB or not closed by its quote.", field="file"
        ) from None
    if not sheet.headers:
        raise BadUserInputError("The file is empty.", field="file")
    return Upload("csv", encoding, delimiter, [sheet])


def _decode(content: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: a byte order mark decides; else UTF-8 if it decodes, else GB18030 (a
    superset of GBK and GB2312), else BAD_USER_INPUT."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if content.startswith(bom):
            return content.decode(name), name
    for name in _ENCODINGS:
        try:
            return content.decode(name), name
        except UnicodeDecodeError:
            continue
    raise BadUserInputError(
        "The file's text is in an encoding Rapport cannot read; save it as UTF-8 CSV.", field="file"
    )


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number of fields, more than one (else a comma)."""
    lines = [line for line in text[:65536].splitlines()[:50] if line.strip()]
    best, best_score = ",", 0
    for candidate in DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=candidate))) for line in lines]
        if not counts or counts[0] < 2:
            continue
        score = sum(1 for c in counts if c == counts[0]) * counts[0]
        if score > best_score:
            best, best_score = candidate, score
    return best


def _xlsx(content: bytes) -> list[Sheet]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise BadUserInputError("The file is not a readable XLSX workbook.", field="file") from None
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(len(content), 1):
        raise BadUserInputError("The workbook unpacks to far more than it weighs; it is refused.", field="file")
    # In a child process with memory and time limits (`xlsx_child`): a workbook the library cannot read within them
    # fails this request alone.
    try:
        done = subprocess.run(
            [sys.executable, "-m", "rapport.integrations.imports.xlsx_child"],
            input=content,
            capture_output=True,
            timeout=CHILD_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BadUserInputError("The workbook is too large or damaged to read; save it as CSV.", field="file") from None
    if done.returncode == 3:
        raise BadUserInputError("The file is not a readable XLSX workbook.", field="file")
    if done.returncode != 0:
        raise BadUserInputError("The workbook is too large or damaged to read; save it as CSV.", field="file")
    sheets: list[Sheet] = pickle.loads(done.stdout)  # noqa: S301 - our own child's answer
    if not sheets:
        raise BadUserInputError("The workbook has no sheet with data.", field="file")
    return sheets


def _text(value: Any) -> str:
    """A cell as the text a person typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def _cell(text: str) -> str:
    """A cell's text, trimmed and without NUL characters (PostgreSQL text cannot hold one: a single one would fail
    the whole chunk it is written in); short values (grades, statuses, provinces repeat on every row) kept once."""
    text = text.replace("\x00", "").strip()
    return sys.intern(text) if len(text) <= 16 else text


def _sheet(name: str, rows: Iterable[Sequence[str]]) -> Sheet:
    """A sheet from its rows: the first non-empty row is the header; empty rows are dropped, trailing empty cells
    left out."""
    header: list[str] | None = None
    data: list[tuple[str, ...]] = []
    numbers: list[int] = []
    width = 0
    for number, raw in enumerate(rows, start=1):
        row = [_cell(cell) for cell in raw]
        while row and not row[-1]:
            row.pop()
        if not row:
            continue
        width = max(width, len(row))
        if header is None:
            header = row
            continue
        data.append(tuple(row))
        numbers.append(number)
        if len(data) >= MAX_ROWS:
            raise BadUserInputError(msg("A sheet holds at most {limit} rows.", limit=MAX_ROWS - 1), field="file")
    if header is None:
        return Sheet(name, [], [])
    headers = header + [""] * (width - len(header))
    return Sheet(name, [h or f"#{i + 1}" for i, h in enumerate(headers)], data, numbers)
