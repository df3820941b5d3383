"""Default deny holds only if the shipped policy classifies every field of the served schema."""

from __future__ import annotations

from rapport.assembly import build_schema, default_policy
from rapport.core.authz.catalog import GOVERNED
from rapport.core.authz.policy import DEFAULT_POLICY, Access, compile_rules, read_csv


def test_the_shipped_csv_is_generated_from_its_source() -> None:
    assert DEFAULT_POLICY.read_text() == default_policy(), "run `make policy` and commit default_policy.csv"


def test_every_field_of_the_served_schema_is_classified_in_the_shipped_policy() -> None:
    build_schema()
    policy = compile_rules(read_csv(DEFAULT_POLICY), version=0)
    unclassified = sorted(
        f"{type_name}.{field}"
        for type_name, fields in GOVERNED.items()
        for field in fields
        if f"{type_name}.{field}" not in policy.classified
    )
    assert unclassified == [], (
        "classify these fields in the owning domain's policy.py (and grant them in core/authz/defaults.py), run `make policy` (a migration adds the rules)"
    )


def test_the_shipped_policy_names_no_field_that_does_not_exist() -> None:
    build_schema()
    policy = compile_rules(read_csv(DEFAULT_POLICY), version=0)
    known = {f"{t}.{f}" for t, fields in GOVERNED.items() for f in fields}
    assert sorted(policy.classified - known) == []


def test_unclassified_fields_are_unreadable_for_every_role_but_admin() -> None:
    policy = compile_rules(read_csv(DEFAULT_POLICY), version=0)
    for role in ("sales_director", "analyst", "integrator", "anonymous"):
        assert policy.for_roles({role}).access("Customer.someFutureField") is Access.NONE
    assert policy.for_roles({"admin"}).access("Customer.someFutureField") is Access.WRITE
