"""Which ticket events each role receives comes from the policy, kind by kind (no database needed)."""

from __future__ import annotations

import pytest

from rapport.assembly import build_schema
from rapport.core.authz.catalog import is_governed
from rapport.core.authz.policy import DEFAULT_POLICY, Access, compile_rules, current, read_csv
from rapport.support.event_access import INTERNAL_NOTE, REVEALS, may_receive, revealed_field
from rapport.support.events import EVENT_KINDS

#: Each kind with the data variants that change what it tells.
EVENTS = [(kind, {"public": True}) for kind in EVENT_KINDS] + [("commented", {"public": False})]
ROLES = sorted({rule[1] for rule in read_csv(DEFAULT_POLICY) if rule[0] == "p"})


def test_every_event_kind_tells_a_field_the_policy_governs() -> None:
    build_schema()  # fills the catalogue of governed fields
    assert set(REVEALS) == set(EVENT_KINDS)
    for field in [*REVEALS.values(), INTERNAL_NOTE]:
        assert field.startswith("Ticket.") and is_governed(field), field


@pytest.mark.parametrize("role", ROLES)
def test_a_role_receives_exactly_the_events_whose_field_it_may_read(role: str) -> None:
    policy = current().for_roles([role])
    for kind, data in EVENTS:
        readable = policy.access(revealed_field(kind, data)) >= Access.MASKED
        assert may_receive(policy, kind, data) is readable, (role, kind, data)


def test_the_portal_customer_receives_no_staff_only_events() -> None:
    portal = current().for_roles(["customer"])
    assert may_receive(portal, "commented", {"public": True})
    assert may_receive(portal, "status_changed", {})
    assert not may_receive(portal, "commented", {"public": False})
    assert not may_receive(portal, "commented", {})  # not known to be public: an internal note
    for kind in ("escalated", "sla_warning", "sla_breached"):
        assert not may_receive(portal, kind, {}), kind
    agent = current().for_roles(["service_agent"])
    assert all(may_receive(agent, kind, data) for kind, data in EVENTS)


def test_a_policy_change_changes_what_a_role_receives() -> None:
    rules = [*read_csv(DEFAULT_POLICY), ["p", "customer", "Ticket.escalationLevel", "read"]]
    widened = compile_rules(rules, version=99).for_roles(["customer"])
    assert may_receive(widened, "escalated", {"level": 1})
    assert not may_receive(current().for_roles(["customer"]), "escalated", {"level": 1})
    assert not may_receive(current().for_roles(["customer"]), "something_new", {})  # unknown kinds: denied
