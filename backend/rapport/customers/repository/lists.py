"""Customer lists as SQL: filters, search and sort of the customers a caller sees."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, literal, or_, select, union

from rapport.core.principal import Principal
from rapport.customers.models import Contact, ContactPoint, Customer, CustomerScore, CustomerTag, Tag
from rapport.customers.repository.scopes import visible_customers


@dataclass(frozen=True)
class CustomerFilterSpec:
    """What a customer list is filtered by (every field optional)."""

    kinds: Sequence[str] | None = None
    statuses: Sequence[str] | None = None
    grades: Sequence[str] | None = None
    provinces: Sequence[str] | None = None
    cities: Sequence[str] | None = None
    industries: Sequence[str] | None = None
    owner_ids: Sequence[uuid.UUID] | None = None
    team_ids: Sequence[uuid.UUID] | None = None
    tag_names: Sequence[str] | None = None
    segments: Sequence[str] | None = None
    pool_statuses: Sequence[str] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    include_archived: bool = False


@dataclass(frozen=True)
class SearchSpec:
    """A search, already tokenised and hashed: name tokens, and digests of phones or emails."""

    text: str
    tokens: Sequence[str]
    digests: Sequence[tuple[str, bytes]]


@dataclass(frozen=True)
class SortSpec:
    """A sort key: a column name of the customer table and direction (NULLs last)."""

    field: str
    descending: bool


SORTABLE: dict[str, Any] = {
    "name": Customer.name,
    "created_at": Customer.created_at,
    "updated_at": Customer.updated_at,
    "last_activity_at": Customer.last_activity_at,
    "grade": Customer.grade,
}
NULLABLE_SORTS = {"last_activity_at", "grade"}


def filtered_customers(principal: Principal | None, spec: CustomerFilterSpec, search: SearchSpec | None) -> Select[Any]:
    """Visible, unmerged customers matching a filter and a search, as a SELECT of the Customer entity."""
    stmt = select(Customer).where(visible_customers(principal), Customer.merged_into_id.is_(None))
    if not spec.include_archived:
        stmt = stmt.where(Customer.archived_at.is_(None))
    simple = (
        (Customer.kind, spec.kinds),
        (Customer.status, spec.statuses),
        (Customer.grade, spec.grades),
        (Customer.province, spec.provinces),
        (Customer.city, spec.cities),
        (Customer.industry, spec.industries),
        (Customer.owner_id, spec.owner_ids),
        (Customer.team_id, spec.team_ids),
        (Customer.pool_status, spec.pool_statuses),
    )
    for column, values in simple:
        if values:
            stmt = stmt.where(column.in_(list(values)))
    if spec.created_from is not None:
        stmt = stmt.where(Customer.created_at >= spec.created_from)
    if spec.created_to is not None:
        stmt = stmt.where(Customer.created_at < spec.created_to)
    if spec.tag_names:
        tagged = (
            select(CustomerTag.customer_id)
            .join(Tag, Tag.id == CustomerTag.tag_id)
            .where(Tag.name.in_(list(spec.tag_names)))
        )
        stmt = stmt.where(Customer.id.in_(tagged))
    if spec.segments:
        scored = select(CustomerScore.customer_id)
        in_segments: ColumnElement[bool] = Customer.id.in_(scored.where(CustomerScore.segment.in_(list(spec.segments))))
        if "none" in spec.segments:  # not scored yet: the "none" group, as `customer_groups` counts it
            in_segments = or_(in_segments, Customer.id.not_in(scored))
        stmt = stmt.where(in_segments)
    if search is not None:
        stmt = stmt.where(_search_clause(search))
    return stmt


def _search_clause(search: SearchSpec) -> ColumnElement[bool]:
    """Ids matched by name tokens, contact-name tokens or contact-point digests, each through its own index."""
    branches: list[Select[Any]] = []
    if search.tokens:
        tokens = list(search.tokens)
        pattern = f"%{_escape_like(search.text)}%"
        branches.append(
            select(Customer.id).where(Customer.search_tokens.contains(tokens), Customer.name.ilike(pattern))
        )
        branches.append(
            select(Contact.customer_id).where(Contact.search_tokens.contains(tokens), Contact.name.ilike(pattern))
        )
    for kind, digest in search.digests:
        branches.append(
            select(ContactPoint.customer_id).where(ContactPoint.digest == digest, ContactPoint.kind == kind)
        )
    if not branches:
        return literal(False)
    matched = union(*branches).subquery("matched")
    return Customer.id.in_(select(matched.c[0]))


def customer_order(sort: SortSpec) -> list[Any]:
    """The ORDER BY of a customer list: the sort key (NULLs last), then id in the same direction. A key that is
    never null is ordered plainly, so that its index ((created_at, id), (name, id)) serves either direction."""
    column = SORTABLE[sort.field]
    if sort.field not in NULLABLE_SORTS:
        return [column.desc(), Customer.id.desc()] if sort.descending else [column.asc(), Customer.id.asc()]
    if sort.descending:
        return [column.desc().nulls_last(), Customer.id.desc()]
    return [column.asc().nulls_last(), Customer.id.asc()]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
