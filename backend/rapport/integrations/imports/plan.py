"""What an import does with each row: create, update (by the duplicate strategy), skip, conflict or reject, and why.

The preview and the run decide alike. A row matches an existing customer by its external id, a phone or an email
(strong keys) or by a company's trade name (a resemblance); or an earlier row of the same file by the same keys.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from rapport.core.i18n import Message, msg
from rapport.customers.imports import ImportedCustomer, Match
from rapport.customers.names import name_keys
from rapport.integrations.imports.customer_rows import ParsedRow, Problem
from rapport.integrations.imports.order_rows import ParsedOrder
from rapport.integrations.imports.ticket_rows import ParsedTicket

STRONG = ("externalId", "phone", "email")


@dataclass
class Decision:
    """One row's fate: `action` is create, update, skip, conflict or reject; `customer_id` the customer it updates
    or skips, `earlier` the earlier row of the file it joins, `key` and `value` what matched."""

    row: ParsedRow | ParsedOrder | ParsedTicket
    action: str
    customer_id: uuid.UUID | None = None
    earlier: int | None = None
    key: str | None = None
    value: str | None = None
    reason: Message | None = None


def customer_of(decision: Decision) -> ImportedCustomer:
    """The customer a decision of a customer file is about."""
    assert isinstance(decision.row, ParsedRow)
    return decision.row.customer


def row_keys(row: ParsedRow) -> list[tuple[str, str]]:
    """The keys a row can be matched by, strongest first: its external id, phones and emails, and a company's trade
    name when the row has no external id (the old system's id says which customer it is)."""
    customer = row.customer
    keys: list[tuple[str, str]] = []
    if customer.values.get("external_id"):
        keys.append(("externalId", str(customer.values["external_id"])))
    if customer.contact is not None:
        keys += [("phone", p) for p in customer.contact.phones] + [("email", e) for e in customer.contact.emails]
    identified = bool(customer.values.get("external_id"))
    if not identified and customer.values.get("name") and customer.values.get("kind", "company") == "company":
        trade = str(name_keys(str(customer.values["name"]))["trade_name"])
        if trade:
            keys.append(("name", trade))
    return keys


def decide(
    rows: Sequence[ParsedRow],
    found: Sequence[Sequence[Match]],
    seen: dict[tuple[str, str], int],
    strategy: str,
    create_similar: bool,
    customers: dict[int, uuid.UUID | None],
) -> list[Decision]:
    """Decide every row; `seen` holds the keys of the file's earlier rows that will be written (and is extended),
    `customers` the existing customer each earlier row is known to be (one it updates, or one it created)."""
    decisions = []
    for row, matches in zip(rows, found, strict=True):
        decision = _decide(row, matches, seen, strategy, create_similar, customers)
        if decision.action in ("create", "update") and decision.earlier is None:
            for key in row_keys(row):
                seen.setdefault(key, row.row)
            if decision.customer_id is not None:
                customers.setdefault(row.row, decision.customer_id)
        decisions.append(decision)
    return decisions


def _decide(
    row: ParsedRow,
    matches: Sequence[Match],
    seen: dict[tuple[str, str], int],
    strategy: str,
    create_similar: bool,
    customers: dict[int, uuid.UUID | None],
) -> Decision:
    if row.problems:
        return Decision(row, "reject")
    strong = [m for m in matches if m.key in STRONG]
    # Who the row's strong keys say it is: existing customers, and earlier rows of the file (an earlier row that is
    # an existing customer counts as that customer). Whether an earlier chunk was written already or not, the same
    # rows are one customer, and a row that names two is a conflict.
    by_earlier = [(key, seen[key]) for key in row_keys(row) if key[0] in STRONG and key in seen]
    identities = {m.customer_id for m in strong} | {customers.get(number) or number for _, number in by_earlier}
    if len(identities) > 1:
        return Decision(row, "conflict", reason=msg("It matches several customers; fix the file or merge them first."))
    if strong:
        match = strong[0]
        action = "skip" if strategy == "skip" else "update"
        return Decision(row, action, match.customer_id, None, match.key, match.value, _matched(match.key, match.value))
    earlier = next(((key, seen[key]) for key in row_keys(row) if key in seen), None)
    if earlier is not None:
        (key, value), number = earlier
        if key == "name" and strategy != "merge" and not create_similar:
            reason = msg("Its name resembles row {row}'s; choose merge or create similar rows.", row=number)
            return Decision(row, "conflict", None, number, key, value, reason)
        if key != "name" or strategy == "merge":
            action = "skip" if strategy == "skip" else "update"
            return Decision(row, action, None, number, key, value, msg("Same {key} as row {row}.", key=key, row=number))
    # a row the old system identifies (its external id) is not taken for another customer by its name alone
    named = [] if row.customer.values.get("external_id") else [m for m in matches if m.key == "name"]
    if named and strategy == "merge" and len({m.customer_id for m in named}) == 1:
        return Decision(
            row, "update", named[0].customer_id, None, "name", named[0].value, _matched("name", named[0].value)
        )
    if named and not create_similar:
        reason = msg("Its name resembles an existing customer's; choose merge or create similar rows.")
        return Decision(row, "conflict", named[0].customer_id, None, "name", named[0].value, reason)
    return Decision(row, "create")


def _matched(key: str, value: str) -> Message:
    return msg("Matches an existing customer by {key}: {value}.", key=key, value=value)


def decide_orders(
    orders: Sequence[ParsedOrder], existing: set[str], customers: set[str], unchanged: set[str]
) -> list[Decision]:
    """Orders: rejected for a problem or a customer the user cannot see; else created, or updated when their
    external id exists, skipped when it is `unchanged` (the order service would leave the order as it is, as the
    run counts it)."""
    decisions = []
    for order in orders:
        key = order.draft.customer_external_id
        if key and key not in customers and not order.problems:
            text = msg("No customer you can see has that external id.")
            order.problems.append(Problem(order.columns.get("customerExternalId"), text))
        if order.problems:
            decisions.append(Decision(order, "reject"))
        elif order.draft.external_id in existing:
            action = "skip" if order.draft.external_id in unchanged else "update"
            decisions.append(Decision(order, action, None, None, "externalId", order.draft.external_id))
        else:
            decisions.append(Decision(order, "create"))
    return decisions


def decide_tickets(
    tickets: Sequence[ParsedTicket], existing: set[str], customers: set[str], unchanged: set[str]
) -> list[Decision]:
    """Tickets: rejected for a problem or a customer the user cannot see; else created, or updated when their
    external id exists (an update leaves the ticket's customer as it is), skipped when it is `unchanged` (the
    row would change nothing, as the run counts it)."""
    decisions = []
    for ticket in tickets:
        key = ticket.draft.customer_external_id
        if key and key not in customers:
            text = msg("No customer you can see has that external id.")
            ticket.problems.append(Problem(ticket.columns.get("customerExternalId"), text))
        if ticket.problems:
            decisions.append(Decision(ticket, "reject"))
        elif ticket.draft.external_id in existing:
            action = "skip" if ticket.draft.external_id in unchanged else "update"
            decisions.append(Decision(ticket, action, None, None, "externalId", ticket.draft.external_id))
        else:
            decisions.append(Decision(ticket, "create"))
    return decisions
