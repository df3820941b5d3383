"""Likely duplicates of a customer, or of one about to be created, and why each is one.

Evidence, strongest first: a contact phone or email both have (normalised, through the blind index), and for
companies the same trade name once region, industry words and legal form are set aside (`names`). A name alone
never makes two persons one: 张伟 is many people. Only customers the caller may see are candidates. One
statement finds and scores them all (`repository.duplicates`), on both read paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapport.core.crypto import vault
from rapport.core.principal import Principal
from rapport.core.text import InvalidEmailError, InvalidPhoneError, normalise_email, normalise_phone
from rapport.customers.models import CustomerKind
from rapport.customers.names import name_keys
from rapport.customers.repository.duplicates import (
    MAX_CANDIDATES,
    DuplicateRow,
    customer_source,
    draft_source,
    duplicate_rows,
)
from rapport.graphql.declare import Rows

__all__ = ["MAX_CANDIDATES", "CustomerDraft", "DuplicateRow", "draft_duplicates", "duplicates_of"]


@dataclass(frozen=True)
class CustomerDraft:
    """What a customer about to be created is known by: its name and kind, its contacts' phones and emails."""

    name: str
    kind: str = CustomerKind.COMPANY.value
    phones: Sequence[str] = ()
    emails: Sequence[str] = ()


def _digests(kind: str, values: Sequence[str]) -> list[bytes]:
    """Blind-index digests of a draft's phones or emails (entries that are not phones or emails are skipped: the
    form says so when it saves), each once, in order."""
    blind = vault().blind
    normalise = normalise_phone if kind == "phone" else normalise_email
    found: list[bytes] = []
    for raw in values:
        try:
            digest = blind.digest(kind, normalise(raw))
        except (InvalidPhoneError, InvalidEmailError):
            continue
        if digest not in found:
            found.append(digest)
    return found


def duplicates_of(principal: Principal | None, customer_id: Any) -> Rows:
    """Likely duplicates of a customer the caller may see (none when they may not see it)."""
    return duplicate_rows(principal, customer_source(principal, customer_id))


def draft_duplicates(principal: Principal | None, draft: CustomerDraft) -> Rows:
    """Customers that a customer about to be created would likely duplicate (nothing is written)."""
    source = draft_source(
        draft.kind == CustomerKind.COMPANY.value,
        name_keys(draft.name),
        _digests("phone", draft.phones),
        _digests("email", draft.emails),
    )
    return duplicate_rows(principal, source)
