"""Why a customer's churn risk is high, in words (zh-CN and en), and who may read each reason.

A reason groups features (e.g. recency and how overdue the next order is: "No order for 120 days"); its weight for
one customer is the sum over its features of coefficient x standardized deviation from the training mean, and the
top reasons are the ones that push the risk up most. Each reason reveals the fields it is computed from
(`Reason.sources`): a reader sees it only when the policy lets them read every one of those fields.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from rapport.analytics.churn.features import FEATURES
from rapport.core.authz.policy import Access, PrincipalPolicy, Scope
from rapport.core.i18n import Message, msg

#: At most this many reasons per customer.
TOP_REASONS = 3
#: A reason shows when it raises the log-odds by at least this much.
MIN_WEIGHT = 0.1


@dataclass(frozen=True)
class Reason:
    """A kind of reason: its code, the features it groups, the fields it reveals, and the row-scoped types whose
    rows it counts whoever owns them (a reader must see all rows of those, or it would learn of rows outside its
    scope: a rep of another rep's lost deals on a customer handed over, an agent of other teams' tickets)."""

    code: str
    features: tuple[str, ...]
    sources: tuple[str, ...]
    counts_all: tuple[str, ...] = ()


ORDER_DATES = ("Order.orderedAt",)
ORDER_AMOUNTS = ("Order.orderedAt", "Order.totalAmount")
TICKETS = ("Ticket.status", "Ticket.priority")

REASONS = (
    Reason("NO_RECENT_ORDER", ("recency_days", "recency_log", "overdue_log"), ORDER_DATES),
    Reason(
        "ORDER_FREQUENCY_DOWN",
        ("orders_30", "orders_90", "orders_prev_90", "frequency_trend", "half_year_trend"),
        ORDER_DATES,
    ),
    Reason("SLOW_RHYTHM", ("gap_log", "due_in_horizon"), ORDER_DATES),
    Reason("FEW_ORDERS", ("orders_log", "tenure_log"), ORDER_DATES),
    Reason("SPENDING_DOWN", ("amount_trend",), ORDER_AMOUNTS),
    Reason("LOW_SPENDING", ("monetary_log",), ORDER_AMOUNTS),
    Reason("FEW_CATEGORIES", ("categories",), ("Order.orderedAt", "Product.category")),
    Reason("UNRESOLVED_COMPLAINTS", ("unresolved", "unresolved_priority"), TICKETS, ("Ticket",)),
    Reason("RECENT_TICKETS", ("tickets_recent",), ("Ticket.status",), ("Ticket",)),
    Reason("LOW_SATISFACTION", ("csat_gap", "low_ratings"), ("Ticket.rating",), ("Ticket",)),
    Reason("NO_FOLLOW_UP", ("follow_up_days", "activities_recent"), ("Activity.occurredAt",)),
    Reason("POOL_MOVES", ("pool_moves",), ("PoolMovementEntry.kind",)),
    Reason("DEALS_LOST", ("open_deals", "lost_deals"), ("Opportunity.status",), ("Opportunity",)),
)
BY_CODE = {reason.code: reason for reason in REASONS}
_INDEX = {name: i for i, name in enumerate(FEATURES)}


def _grouping() -> NDArray[np.float64]:
    matrix = np.zeros((len(FEATURES), len(REASONS)))
    for j, reason in enumerate(REASONS):
        for name in reason.features:
            matrix[_INDEX[name], j] = 1.0
    return matrix


_GROUPS = _grouping()


def _value(row: NDArray[np.float64], name: str) -> float:
    return float(row[_INDEX[name]])


def _params(code: str, row: NDArray[np.float64]) -> dict[str, Any]:
    """What the reason's words say about this customer (numbers only; the words come at reading)."""
    if code == "NO_RECENT_ORDER":
        return {"days": round(_value(row, "recency_days"))}
    if code == "ORDER_FREQUENCY_DOWN":
        now, before = _value(row, "orders_90"), _value(row, "orders_prev_90")
        if before > now:
            return {"percent": round(100 * (before - now) / before)}
        return {"count": round(now)}
    if code == "SLOW_RHYTHM":
        return {"days": round(math.expm1(_value(row, "gap_log")))}
    if code == "FEW_ORDERS":
        return {"count": round(math.expm1(_value(row, "orders_log")))}
    if code == "SPENDING_DOWN":
        return {"percent": max(0, round(100 * (1 - math.exp(_value(row, "amount_trend")))))}
    if code == "FEW_CATEGORIES":
        return {"count": round(_value(row, "categories"))}
    if code == "UNRESOLVED_COMPLAINTS":
        return {"count": round(_value(row, "unresolved"))}
    if code == "RECENT_TICKETS":
        return {"count": round(_value(row, "tickets_recent"))}
    if code == "LOW_SATISFACTION":
        return {"score": f"{5 - _value(row, 'csat_gap'):.1f}"}
    if code == "NO_FOLLOW_UP":
        return {"days": round(_value(row, "follow_up_days"))}
    if code == "POOL_MOVES":
        return {"count": round(_value(row, "pool_moves"))}
    if code == "DEALS_LOST":
        return {"count": round(_value(row, "lost_deals"))}
    return {}


def top_reasons(
    values: NDArray[np.float64], parameters: Mapping[str, Any], limit: int = TOP_REASONS
) -> list[list[dict[str, Any]]]:
    """Per row of `values` (rows x FEATURES), its top reasons as stored: [{"code", "params"}], strongest first."""
    if len(values) == 0 or not parameters.get("coefficients"):
        return [[] for _ in range(len(values))]
    mean = np.asarray(parameters["mean"], dtype=np.float64)
    scale = np.asarray(parameters["scale"], dtype=np.float64)
    coefficients = np.asarray(parameters["coefficients"], dtype=np.float64)
    weights = (((values - mean) / scale) * coefficients) @ _GROUPS  # rows x REASONS
    order = np.argsort(-weights, axis=1)[:, :limit]
    found: list[list[dict[str, Any]]] = []
    for i, columns in enumerate(order):
        row = values[i]
        chosen = [REASONS[j].code for j in columns if weights[i, j] >= MIN_WEIGHT]
        found.append([{"code": code, "params": _params(code, row)} for code in chosen])
    return found


def message(code: str, params: Mapping[str, Any]) -> Message:
    """A stored reason in words (rendered in the reader's language)."""
    if code == "NO_RECENT_ORDER":
        return msg("No order for {days} days", days=params.get("days", 0))
    if code == "ORDER_FREQUENCY_DOWN" and "percent" in params:
        return msg("Order frequency down {percent} % over 3 months", percent=params["percent"])
    if code == "ORDER_FREQUENCY_DOWN":
        return msg("Only {count} orders in the last 3 months", count=params.get("count", 0))
    if code == "SLOW_RHYTHM":
        return msg("No order expected within 3 months (orders every {days} days)", days=params.get("days", 0))
    if code == "FEW_ORDERS":
        return msg("Short order history: {count} orders", count=params.get("count", 0))
    if code == "SPENDING_DOWN":
        return msg("Order amount down {percent} % over 3 months", percent=params.get("percent", 0))
    if code == "LOW_SPENDING":
        return msg("Low spending so far")
    if code == "FEW_CATEGORIES":
        return msg("Buys from {count} product categories only", count=params.get("count", 0))
    if code == "UNRESOLVED_COMPLAINTS":
        return msg("{count} unresolved complaints", count=params.get("count", 0))
    if code == "RECENT_TICKETS":
        return msg("{count} service tickets in the last 3 months", count=params.get("count", 0))
    if code == "LOW_SATISFACTION":
        return msg("Satisfaction rating {score} of 5", score=params.get("score", ""))
    if code == "NO_FOLLOW_UP":
        return msg("No follow-up for {days} days", days=params.get("days", 0))
    if code == "POOL_MOVES":
        return msg("Moved through the public pool {count} times in 6 months", count=params.get("count", 0))
    return msg("{count} deals lost in the last 6 months", count=params.get("count", 0))


def readable(policy: PrincipalPolicy, code: str) -> bool:
    """Whether the reader may see a reason: they read every field it is computed from (a masked field is not
    enough: the reason would reveal its value) and every row it counts (all rows of the types it counts)."""
    reason = BY_CODE.get(code)
    return (
        reason is not None
        and all(policy.access(source) >= Access.READ for source in reason.sources)
        and all(Scope.ALL in policy.scope(type_name) for type_name in reason.counts_all)
    )


def visible(policy: PrincipalPolicy, stored: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The stored reasons the reader may see, in order."""
    return [reason for reason in stored if readable(policy, str(reason.get("code")))]
