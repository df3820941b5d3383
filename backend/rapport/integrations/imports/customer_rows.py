"""A sheet's rows as customers with their contact, every problem of every row named with its column.

Nothing here reads or writes the database: the rows are checked as the services will check them (the same phone and
email rules, grades, kinds and statuses), so that the preview reports every problem of a row at once, by row and
column, before anything is written.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from rapport.core import external_ids
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import Message, msg
from rapport.customers.contacts import ContactDraft
from rapport.customers.imports import ImportedCustomer
from rapport.customers.personal import normalise_emails, normalise_phones
from rapport.integrations.imports.mapping import Template, normalised
from rapport.integrations.imports.reader import Sheet

_SPLIT = re.compile(r"[;,，；、|\n]+")
KINDS = {
    "company": ("company", "business", "b2b", "企业", "公司", "单位", "机构", "企业客户", "法人"),
    "person": ("person", "individual", "b2c", "个人", "自然人", "个人客户"),
}
STATUSES = {
    "prospect": ("prospect", "lead", "潜在", "潜在客户", "意向"),
    "active": ("active", "customer", "活跃", "成交", "成交客户", "正式客户"),
    "dormant": ("dormant", "inactive", "沉睡", "休眠", "沉默"),
    "lost": ("lost", "churned", "流失", "已流失"),
}
_WORDS = {
    target: {normalised(word): value for value, words in table.items() for word in words}
    for target, table in (("kind", KINDS), ("status", STATUSES))
}
#: Customer fields a column fills directly (target -> column of `records.CUSTOMER_FIELDS`).
_PLAIN = {
    "externalId": "external_id",
    "name": "name",
    "source": "source",
    "industry": "industry",
    "province": "province",
    "city": "city",
    "size": "size",
    "address": "address",
}
#: The field of the policy each target writes (the importing user must be allowed to write it).
WRITES = {
    "externalId": "Customer.externalId",
    "name": "Customer.name",
    "kind": "Customer.kind",
    "status": "Customer.status",
    "grade": "Customer.grade",
    "source": "Customer.source",
    "industry": "Customer.industry",
    "province": "Customer.province",
    "city": "Customer.city",
    "size": "Customer.size",
    "owner": "Customer.owner",
    "tags": "Customer.tags",
    "address": "Customer.address",
    "contactName": "Contact.name",
    "contactTitle": "Contact.title",
    "contactPhone": "Contact.phones",
    "contactEmail": "Contact.emails",
}


_UNKNOWN = {
    "kind": lambda value: msg("{value} is not a customer kind (company or person); map it.", value=value),
    "status": lambda value: msg(
        "{value} is not a customer status; map it to prospect, active, dormant or lost.", value=value
    ),
}


@dataclass(frozen=True)
class Problem:
    """What is wrong with a row, and in which of the file's columns (None: the row as a whole)."""

    column: str | None
    text: Message


@dataclass
class ParsedRow:
    """One data row: its number as a spreadsheet shows it (the header is row 1), the customer, its problems."""

    row: int
    customer: ImportedCustomer
    problems: list[Problem] = field(default_factory=list)
    cells: Sequence[str] = ()


def parse(sheet: Sheet, template: Template, owners: Mapping[str, uuid.UUID]) -> Iterator[ParsedRow]:
    """Every data row of the sheet as a customer draft with its problems, one at a time (a large file is never held
    as drafts all at once)."""
    columns = [(i, header, template.columns.get(header)) for i, header in enumerate(sheet.headers)]
    for n, cells in enumerate(sheet.rows):
        yield _row(sheet.number(n), cells, columns, template, owners)


def _row(
    number: int,
    cells: Sequence[str],
    columns: list[tuple[int, str, str | None]],
    template: Template,
    owners: Mapping[str, uuid.UUID],
) -> ParsedRow:
    given: dict[str, list[tuple[str, str]]] = {}
    for index, title, target in columns:
        raw = cells[index].strip() if index < len(cells) else ""
        if target and raw:
            given.setdefault(target, []).append((title, template.value(target, raw)))
    problems: list[Problem] = []
    values: dict[str, object] = {}
    header: str | None

    def first(target: str) -> tuple[str | None, str]:
        pairs = given.get(target) or []
        return (pairs[0][0], pairs[0][1]) if pairs else (None, "")

    def split(target: str) -> list[tuple[str, str]]:
        return [
            (header, part.strip())
            for header, raw in given.get(target, [])
            for part in _SPLIT.split(raw)
            if part.strip()
        ]

    for target, column in _PLAIN.items():
        header, value = first(target)
        if value:
            values[column] = value
    header, name = first("name")
    if not name:
        problems.append(Problem(_header_of(columns, "name"), msg("Give the customer a name.")))
    elif len(name) > 200:
        problems.append(Problem(header, msg("A name has at most 200 characters.")))
    if values.get("external_id"):
        try:
            values["external_id"] = external_ids.clean(str(values["external_id"]))
        except BadUserInputError as error:
            problems.append(Problem(first("externalId")[0], error.text))
    if len(str(values.get("size", ""))) > 16:
        problems.append(Problem(first("size")[0], msg("A size band has at most 16 characters, e.g. 50-199.")))
    for target in ("kind", "status"):
        header, value = first(target)
        if value:
            word = _WORDS[target].get(normalised(value))
            if word is None:
                problems.append(Problem(header, _UNKNOWN[target](value)))
            else:
                values[target] = word
    header, grade = first("grade")
    if grade:
        if grade.strip().upper() in ("A", "B", "C", "D"):
            values["grade"] = grade.strip().upper()
        else:
            problems.append(
                Problem(header, msg("{value} is not a grade (A to D); map the file's grades.", value=grade))
            )
    header, owner = first("owner")
    if owner:
        owner_id = owners.get(owner.strip().casefold())
        if owner_id is None:
            problems.append(Problem(header, msg("No active user is called {value}; give their email.", value=owner)))
        else:
            values["owner_id"] = owner_id
    phones = _checked(split("contactPhone"), normalise_phones, problems)
    emails = _checked(split("contactEmail"), normalise_emails, problems)
    tags = sorted({tag[:64] for _, tag in split("tags")})
    contact_name = first("contactName")[1]
    contact = None
    if contact_name or phones or emails:
        contact = ContactDraft(contact_name or name or "-", first("contactTitle")[1] or None, True, phones, emails)
    return ParsedRow(number, ImportedCustomer(values, tags, contact), problems, cells)


def _header_of(columns: list[tuple[int, str, str | None]], target: str) -> str | None:
    return next((header for _, header, t in columns if t == target), None)


def _checked(pairs: list[tuple[str, str]], check: object, problems: list[Problem]) -> list[str]:
    """Normalised phones or emails; each bad one a problem in its column."""
    kept: list[str] = []
    for header, value in pairs:
        try:
            kept += check([value])  # type: ignore[operator]
        except BadUserInputError as error:
            problems.append(Problem(header, error.text))
    return list(dict.fromkeys(kept))
