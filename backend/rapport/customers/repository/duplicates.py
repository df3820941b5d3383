"""The duplicate finder's one statement: the customers a caller may see that are likely the same as a source (a
customer, or one about to be created), with why and how likely.

Evidence, strongest first: a contact phone or email both have (the blind index's digests), and for two companies
the same trade name, or trade names at least `FUZZY_RATIO` alike, once the regions, industry words and legal form
are set aside (`rapport.customers.names`; each customer keeps its name taken apart, `Customer.trade_name` and
its neighbours). Two names that state different provinces, or different industries, are two companies. A name
alone never makes two persons one. Both read paths run this statement: the resolvers as it is, the compiler
inside its own.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Float,
    LargeBinary,
    MetaData,
    Numeric,
    Subquery,
    Table,
    Text,
    Uuid,
    and_,
    any_,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    true,
    union,
)
from sqlalchemy import Column as SqlColumn
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.orm import Mapped, aliased, registry

from rapport.core.principal import Principal
from rapport.customers.models import ContactPoint, Customer, CustomerKind
from rapport.customers.names import FUZZY_MIN_LENGTH, FUZZY_RATIO
from rapport.customers.repository.scopes import visible_customers
from rapport.graphql.declare import Rows

#: How many candidates a check returns at most.
MAX_CANDIDATES = 20

#: The shape of a candidate row. No table holds it: the statement below computes its columns.
_SHAPE = Table(
    "customer_duplicate",
    MetaData(),
    SqlColumn("id", Uuid, primary_key=True),
    SqlColumn("reasons", ARRAY(Text)),
    SqlColumn("score", Float),
    SqlColumn("trade_name", Text),
)


class DuplicateRow:
    """A likely duplicate: the other customer's id, the reasons (sorted), the score (0-1) and the shared trade
    name (null when the names played no part)."""

    id: Mapped[uuid.UUID]
    reasons: Mapped[list[str]]
    score: Mapped[float]
    trade_name: Mapped[str | None]


registry().map_imperatively(DuplicateRow, _SHAPE)


def _points(kind: str) -> Any:
    digests = select(func.array_agg(ContactPoint.digest)).where(
        ContactPoint.customer_id == Customer.id, ContactPoint.kind == kind
    )
    return digests.scalar_subquery()


def customer_source(principal: Principal | None, customer_id: Any) -> Subquery:
    """A customer the caller may see (tombstones of merged duplicates included) as the finder's source: its id,
    name keys and contact points' digests; no row when it is not visible."""
    return (
        select(
            Customer.id.label("id"),
            (Customer.kind == CustomerKind.COMPANY.value).label("company"),
            Customer.trade_name,
            Customer.trade_grams,
            Customer.name_provinces,
            Customer.name_industries,
            Customer.trade_latin,
            _points("phone").label("phones"),
            _points("email").label("emails"),
        )
        .where(Customer.id == customer_id, visible_customers(principal))
        .subquery("src")
    )


def draft_source(company: bool, keys: dict[str, Any], phones: list[bytes], emails: list[bytes]) -> Subquery:
    """A customer about to be created as the finder's source: its kind, name keys (`names.name_keys`) and its
    contact points' digests."""
    text_array = ARRAY(Text)
    return select(
        cast(literal_column("NULL"), Uuid).label("id"),
        literal(company, Boolean).label("company"),
        literal(keys["trade_name"], Text).label("trade_name"),
        literal(keys["trade_grams"], text_array).label("trade_grams"),
        literal(keys["name_provinces"], text_array).label("name_provinces"),
        literal(keys["name_industries"], text_array).label("name_industries"),
        literal(keys["trade_latin"], Boolean).label("trade_latin"),
        literal(phones, ARRAY(LargeBinary)).label("phones"),
        literal(emails, ARRAY(LargeBinary)).label("emails"),
    ).subquery("src")


def _either_empty_or_overlapping(mine: Any, theirs: Any) -> Any:
    return not_(and_(func.cardinality(mine) > 0, func.cardinality(theirs) > 0, not_(mine.overlap(theirs))))


def duplicate_rows(principal: Principal | None, src: Subquery) -> Rows:
    """`Query.customerDuplicates` / `customerDuplicateCheck` (both read paths): visible live customers (the source
    itself left out) sharing a contact point with the source or, between companies, a trade name; strongest
    first (more reasons, then a higher score, then id), at most `MAX_CANDIDATES`."""
    point = ContactPoint
    other = aliased(Customer, name="named")
    # Candidates found through indexes: the contact points' digests, and the trade name's bigrams (GIN).
    by_point = select(point.customer_id.label("id")).where(
        or_(
            and_(point.kind == "phone", point.digest == any_(src.c.phones)),
            and_(point.kind == "email", point.digest == any_(src.c.emails)),
        )
    )
    by_name = select(other.id.label("id")).where(
        src.c.company, other.kind == CustomerKind.COMPANY.value, other.trade_grams.overlap(src.c.trade_grams)
    )
    candidates = union(by_point, by_name).lateral("candidate")

    def shares(kind: str, digests: Any) -> Any:
        shared = point.customer_id == Customer.id, point.kind == kind, point.digest == any_(digests)
        return exists().where(*shared).correlate_except(point)

    phone, email = shares("phone", src.c.phones), shares("email", src.c.emails)
    names_apply = and_(
        src.c.company,
        Customer.kind == CustomerKind.COMPANY.value,
        src.c.trade_name != "",
        Customer.trade_name != "",
        Customer.trade_latin == src.c.trade_latin,
        _either_empty_or_overlapping(Customer.name_provinces, src.c.name_provinces),
        _either_empty_or_overlapping(Customer.name_industries, src.c.name_industries),
    )
    gram = func.unnest(Customer.trade_grams).table_valued("gram").render_derived("grams")
    shared = (
        select(func.count())
        .select_from(gram)
        .where(gram.c.gram == any_(src.c.trade_grams))
        .correlate_except(gram)
        .scalar_subquery()
    )
    total = func.nullif(func.cardinality(Customer.trade_grams) + func.cardinality(src.c.trade_grams), 0)
    dice = cast(2 * shared, Numeric) / total
    same = and_(names_apply, Customer.trade_name == src.c.trade_name)
    shorter = func.least(func.length(Customer.trade_name), func.length(src.c.trade_name))
    similar = and_(
        names_apply,
        Customer.trade_name != src.c.trade_name,
        shorter >= FUZZY_MIN_LENGTH,
        dice >= literal(Decimal(str(FUZZY_RATIO)), Numeric),
    )
    reasons = func.array_remove(
        array(
            [
                case((email, "same_email")),
                case((phone, "same_phone")),
                case((same, "same_trade_name")),
                case((similar, "similar_name")),
            ]
        ),
        literal_column("NULL"),
        type_=ARRAY(Text),
    )
    same_score = case((func.length(src.c.trade_name) > 1, Decimal("0.95")), else_=Decimal("0.6"))
    score = case(
        (or_(phone, email), Decimal("1.0")),
        (same, same_score),
        (similar, func.round(literal(Decimal("0.9"), Numeric) * dice, 3)),
    )
    trade = case(
        (same, src.c.trade_name),
        (
            similar,
            case(
                (func.length(Customer.trade_name) < func.length(src.c.trade_name), Customer.trade_name),
                else_=src.c.trade_name,
            ),
        ),
    )
    # Each candidate's row by its id (LIMIT 1 keeps the planner on the primary key, candidate by candidate, rather
    # than joining every visible customer to the few candidates).
    judged = (
        select(
            Customer.id.label("id"),
            reasons.label("reasons"),
            cast(score, Float).label("score"),
            cast(trade, Text).label("trade_name"),
        )
        .where(
            Customer.id == candidates.c.id,
            visible_customers(principal),
            Customer.merged_into_id.is_(None),
            Customer.id.is_distinct_from(src.c.id),
        )
        .limit(1)
        .lateral("judged")
    )
    found = select(judged).select_from(src).join(candidates, true()).join(judged, true()).subquery("customer_duplicate")
    row = aliased(DuplicateRow, found, adapt_on_names=True)
    strength = func.cardinality(row.reasons)
    statement = select(row).where(strength > 0)
    return Rows(statement, [strength.desc(), row.score.desc(), row.id], MAX_CANDIDATES)
