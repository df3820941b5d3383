"""The rule tree of a segment: groups of conditions joined by AND / OR, as stored in `segment.rules`.

`{"op": "and" | "or", "rules": [condition | group, ...]}`; a condition is `{"kind": ..., <its parameters>}` of a
closed set of kinds (`KINDS`). `parse` validates a tree (typed BAD_USER_INPUT errors naming the path of the
offending key, e.g. `rules.rules.2.days`) and returns `Group`s and `Condition`s; `rapport.marketing.segments.
compiler` turns them into one SQL condition over the customer table, `needs` lists the fields a tree reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from rapport.core import regions
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg
from rapport.customers.enums import CustomerKind, CustomerStatus, Grade, RfmSegment

#: How deep groups nest (the root group is level 1) and how many conditions a tree holds.
MAX_DEPTH = 3
MAX_CONDITIONS = 30
#: The longest window a behaviour condition looks back over, in days (ten years).
MAX_DAYS = 3650
MAX_VALUES = 50
MAX_TEXT = 200


@dataclass(frozen=True)
class Condition:
    """One test of a customer: its kind and its validated parameters (`days` an int, amounts Decimals, ...)."""

    kind: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Group:
    """Conditions and groups joined by `and` or `or` (an empty `and` holds for everyone, an empty `or` for nobody)."""

    op: str
    rules: tuple[Condition | Group, ...]


def _invalid(path: str) -> BadUserInputError:
    return BadUserInputError(msg("The segment rule at {path} is not valid.", path=path), field=path)


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise BadUserInputError(msg("{path} must be a text of 1 to 200 characters.", path=path), field=path)
    return value.strip()


def _days(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
        raise BadUserInputError(msg("{path} must be a whole number of days from 1 to 3650.", path=path), field=path)
    return value


def _count(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        raise BadUserInputError(msg("{path} must be a whole number from 0 to 1000000.", path=path), field=path)
    return value


def _amount(value: Any, path: str) -> Decimal:
    try:
        amount = Decimal(str(value)) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount > Decimal("1e12"):
        raise BadUserInputError(msg('{path} must be an amount of 0 or more, e.g. "1000.00".', path=path), field=path)
    return amount


def _rating(value: Any, path: str) -> Decimal:
    rating = _amount(value, path)
    if not 1 <= rating <= 5:
        raise BadUserInputError(msg("{path} must be a rating from 1 to 5.", path=path), field=path)
    return rating


def _likelihood(value: Any, path: str) -> Decimal:
    try:
        found = Decimal(str(value)) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else None
    except InvalidOperation:
        found = None
    if found is None or not found.is_finite() or not 0 <= found <= 1:
        raise BadUserInputError(msg('{path} must be a likelihood from 0 to 1, e.g. "0.5".', path=path), field=path)
    return found


def _choices(allowed: frozenset[str]) -> Callable[[Any, str], tuple[str, ...]]:
    def read(value: Any, path: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not 1 <= len(value) <= MAX_VALUES:
            raise BadUserInputError(msg("{path} must be a list of 1 to 50 values.", path=path), field=path)
        found = tuple(_text(v, f"{path}.{i}") for i, v in enumerate(value))
        wrong = [v for v in found if allowed and v not in allowed]
        if wrong:
            raise BadUserInputError(
                msg("{path} may hold only: {allowed}.", path=path, allowed=", ".join(sorted(allowed))), field=path
            )
        return found

    return read


_ANY = frozenset[str]()

#: Profile fields a `profile` condition tests: field -> the values it may take (empty: any text).
PROFILE_FIELDS: dict[str, frozenset[str]] = {
    "kind": frozenset(k.value for k in CustomerKind),
    "status": frozenset(s.value for s in CustomerStatus),
    "grade": frozenset(g.value for g in Grade),
    "industry": _ANY,
    "source": _ANY,
    "province": _ANY,
    "city": _ANY,
    "size": _ANY,
}
RFM_SEGMENTS = frozenset(s.value for s in RfmSegment)

#: A parameter's reader: (value, path) -> the validated value.
Reader = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Kind:
    """A kind of condition: its required and optional parameters, and the fields it reads (`Type.field`)."""

    required: Mapping[str, Reader]
    optional: Mapping[str, Reader]
    reads: tuple[str, ...]
    #: With `min`/`max`: at least one of them, and min <= max.
    bounded: bool = False


_ORDERS = ("Customer.orders", "Order.orderedAt")
_TICKETS = ("Customer.tickets", "Ticket.createdAt")
_BOUNDS_COUNT = {"min": _count, "max": _count}

#: The closed set of conditions.
KINDS: dict[str, Kind] = {
    "profile": Kind({"field": lambda v, p: v, "values": lambda v, p: v}, {}, ()),  # checked in `_profile`
    "hasTag": Kind({"tag": _text}, {}, ("Customer.tags", "Tag.name")),
    "lacksTag": Kind({"tag": _text}, {}, ("Customer.tags", "Tag.name")),
    "rfmSegment": Kind({"segments": _choices(RFM_SEGMENTS)}, {}, ("Customer.rfm", "Rfm.segment")),
    "orderedProduct": Kind({"sku": _text, "days": _days}, {}, (*_ORDERS, "Product.sku")),
    "orderedCategory": Kind({"category": _text, "days": _days}, {}, (*_ORDERS, "Product.category")),
    "noOrder": Kind({"days": _days}, {}, _ORDERS),
    "orderCount": Kind({}, {"days": _days, **_BOUNDS_COUNT}, (*_ORDERS, "OrderSummary.count"), bounded=True),
    "orderAmount": Kind(
        {},
        {"days": _days, "min": _amount, "max": _amount},
        (*_ORDERS, "Order.totalAmount", "OrderSummary.totalAmount"),
        bounded=True,
    ),
    "ticketCount": Kind({"days": _days}, _BOUNDS_COUNT, _TICKETS, bounded=True),
    "csat": Kind({"days": _days}, {"min": _rating, "max": _rating}, (*_TICKETS, "Ticket.rating"), bounded=True),
    "leadSource": Kind({"source": _text}, {}, ("Lead.source", "Lead.customer")),
    # analytics' launch targeting: reads what customers bought, as cross-sell suggestions do
    "likelyBuyer": Kind({"sku": _text, "likelihood": _likelihood}, {}, ("Customer.crossSell", "Product.sku")),
}

#: The GraphQL field a profile condition reads, by the rule's field name.
PROFILE_READS = {name: f"Customer.{name}" for name in PROFILE_FIELDS}


def _profile(raw: Mapping[str, Any], path: str) -> dict[str, Any]:
    field = raw.get("field")
    if field not in PROFILE_FIELDS:
        allowed = ", ".join(sorted(PROFILE_FIELDS))
        raise BadUserInputError(
            msg("{path} must be one of: {allowed}.", path=f"{path}.field", allowed=allowed), field=f"{path}.field"
        )
    values = _choices(PROFILE_FIELDS[field])(raw.get("values"), f"{path}.values")
    if field == "province":  # as customers store them: 浙江 -> 浙江省
        values = tuple(dict.fromkeys(regions.standard_province(v) or v for v in values))
    elif field == "city":
        values = tuple(dict.fromkeys(regions.standard_city(v, None) or v for v in values))
    return {"field": field, "values": values}


def _condition(raw: Mapping[str, Any], path: str) -> Condition:
    kind_name = raw.get("kind")
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        allowed = ", ".join(sorted(KINDS))
        raise BadUserInputError(
            msg("{path} must be one of: {allowed}.", path=f"{path}.kind", allowed=allowed), field=f"{path}.kind"
        )
    for key in raw:
        if key != "kind" and key not in kind.required and key not in kind.optional:
            raise BadUserInputError(msg("{path} is not a parameter of this rule.", path=f"{path}.{key}"), field=path)
    if kind_name == "profile":
        return Condition("profile", _profile(raw, path))
    params: dict[str, Any] = {}
    for key, read in kind.required.items():
        if key not in raw:
            raise BadUserInputError(msg("{path} is required.", path=f"{path}.{key}"), field=f"{path}.{key}")
        params[key] = read(raw[key], f"{path}.{key}")
    for key, read in kind.optional.items():
        if raw.get(key) is not None:
            params[key] = read(raw[key], f"{path}.{key}")
    if kind.bounded:
        low, high = params.get("min"), params.get("max")
        if low is None and high is None:
            raise BadUserInputError(msg("{path} needs a min or a max.", path=path), field=f"{path}.min")
        if low is not None and high is not None and low > high:
            raise BadUserInputError(msg("{path} must not exceed max.", path=f"{path}.min"), field=f"{path}.min")
    return Condition(str(kind_name), params)


def parse(raw: Any, path: str = "rules") -> Group:
    """The validated tree of a segment's rules (BAD_USER_INPUT naming the path of what is wrong)."""
    counted = [0]
    return _group(raw, path, 1, counted)


def _group(raw: Any, path: str, depth: int, counted: list[int]) -> Group:
    if not isinstance(raw, dict):
        raise _invalid(path)
    op = raw.get("op")
    if op not in ("and", "or"):
        raise BadUserInputError(msg('{path} must be "and" or "or".', path=f"{path}.op"), field=f"{path}.op")
    if set(raw) - {"op", "rules"}:
        raise _invalid(path)
    items = raw.get("rules", [])
    if not isinstance(items, list):
        raise _invalid(f"{path}.rules")
    rules: list[Condition | Group] = []
    for i, item in enumerate(items):
        where = f"{path}.rules.{i}"
        if not isinstance(item, dict):
            raise _invalid(where)
        if "op" in item:
            if depth >= MAX_DEPTH:
                raise BadUserInputError(msg("Groups nest at most 3 deep ({path}).", path=where), field=where)
            rules.append(_group(item, where, depth + 1, counted))
        else:
            counted[0] += 1
            if counted[0] > MAX_CONDITIONS:
                raise BadUserInputError(msg("A segment holds at most 30 conditions ({path}).", path=where), field=where)
            rules.append(_condition(item, where))
    return Group(str(op), tuple(rules))


def needs(tree: Group) -> tuple[str, ...]:
    """The `Type.field`s a tree reads (the caller must be allowed to read each)."""
    found: list[str] = []
    for rule in tree.rules:
        if isinstance(rule, Group):
            found += needs(rule)
        elif rule.kind == "profile":
            found.append(PROFILE_READS[rule.params["field"]])
        else:
            found += KINDS[rule.kind].reads
    return tuple(dict.fromkeys(found))


def dump(tree: Group) -> dict[str, Any]:
    """The JSON of a validated tree, as stored (amounts as strings)."""

    def value(v: Any) -> Any:
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, tuple):
            return list(v)
        return v

    return {
        "op": tree.op,
        "rules": [
            dump(r) if isinstance(r, Group) else {"kind": r.kind, **{k: value(v) for k, v in r.params.items()}}
            for r in tree.rules
        ],
    }
