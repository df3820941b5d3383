"""Likely duplicates of a customer, or of one about to be created, and why each is one.

Evidence, strongest first: a contact phone or email both have (normalised, through the blind index), and for
companies the same trade name once region, industry words and legal form are set aside (`names`). A name alone
never makes two persons one: 张伟 is many people. Only customers the caller may see are candidates.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.crypto import vault
from rapport.core.errors import NotFoundError
from rapport.core.principal import Principal
from rapport.core.text import InvalidEmailError, InvalidPhoneError, normalise_email, normalise_phone
from rapport.customers.models import CustomerKind
from rapport.customers.names import compare, trade_name_tokens
from rapport.customers.repository import CustomerRepository

#: How many candidates a check returns at most.
MAX_CANDIDATES = 20


@dataclass(frozen=True)
class DuplicateCandidate:
    """Another customer that is likely the same one, and why."""

    customer_id: uuid.UUID
    reasons: tuple[str, ...]
    score: float
    #: The trade name both names share (e.g. 华为), when the names matched.
    trade_name: str | None = None


@dataclass
class _Evidence:
    reasons: set[str] = field(default_factory=set)
    score: float = 0.0
    trade_name: str | None = None


@dataclass(frozen=True)
class CustomerDraft:
    """What a customer about to be created is known by: its name and kind, its contacts' phones and emails."""

    name: str
    kind: str = CustomerKind.COMPANY.value
    phones: Sequence[str] = ()
    emails: Sequence[str] = ()


def _draft_points(draft: CustomerDraft) -> list[tuple[str, bytes]]:
    """Blind-index digests of a draft's phones and emails (entries that are not phones or emails are skipped:
    the form says so when it saves)."""
    blind = vault().blind
    points: list[tuple[str, bytes]] = []
    for raw in draft.phones:
        try:
            points.append(("phone", blind.digest("phone", normalise_phone(raw))))
        except InvalidPhoneError:
            continue
    for raw in draft.emails:
        try:
            points.append(("email", blind.digest("email", normalise_email(raw))))
        except InvalidEmailError:
            continue
    return points


async def _candidates(
    session: AsyncSession,
    principal: Principal,
    draft: CustomerDraft,
    points: Sequence[tuple[str, bytes]],
    exclude: uuid.UUID | None,
) -> list[DuplicateCandidate]:
    repo = CustomerRepository(session)
    found: dict[uuid.UUID, _Evidence] = {}
    for other_id, kind in await repo.customers_with_contact_points(points, principal, exclude):
        evidence = found.setdefault(other_id, _Evidence())
        evidence.reasons.add("same_phone" if kind == "phone" else "same_email")
        evidence.score = 1.0
    if draft.kind == CustomerKind.COMPANY.value:
        tokens = trade_name_tokens(draft.name)
        for other_id, other_name in await repo.companies_with_name_tokens(tokens, principal, exclude):
            matched = compare(draft.name, other_name)
            if matched is None:
                continue
            evidence = found.setdefault(other_id, _Evidence())
            evidence.reasons.add(matched.reason)
            evidence.score = max(evidence.score, matched.score)
            evidence.trade_name = matched.trade_name
    candidates = [DuplicateCandidate(i, tuple(sorted(e.reasons)), e.score, e.trade_name) for i, e in found.items()]
    candidates.sort(key=lambda c: (-len(c.reasons), -c.score, str(c.customer_id)))
    return candidates[:MAX_CANDIDATES]


async def find_duplicates(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID
) -> list[DuplicateCandidate]:
    """Likely duplicates of a customer: a shared phone or email, or (companies) the same trade name."""
    repo = CustomerRepository(session)
    found = await repo.by_ids(principal, [customer_id])
    if not found:
        raise NotFoundError("No customer with that id.")
    customer = found[0]
    points = await repo.contact_points_of(customer.id)
    draft = CustomerDraft(name=customer.name, kind=customer.kind)
    return await _candidates(session, principal, draft, points, customer.id)


async def check_draft(session: AsyncSession, principal: Principal, draft: CustomerDraft) -> list[DuplicateCandidate]:
    """Customers that a customer about to be created would likely duplicate (nothing is written)."""
    return await _candidates(session, principal, draft, _draft_points(draft), None)
