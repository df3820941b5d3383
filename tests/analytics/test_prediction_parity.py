"""The predictions the web app reads (`CustomerPredictions`, `OpportunityPredictions`) answer alike compiled and
through the resolvers, for every shipped role, in en and zh-CN: the same churn and win scores, and the same reasons,
each shown only to readers of the fields it is computed from (a role that may not read orders gets no reason
about orders, on either path). The compiled path serves every shape it plans, in one statement."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from graphql import parse
from sqlalchemy import text

from rapport.analytics.churn.reasons import REASONS
from rapport.analytics.churn.score import Scored, store_scores
from rapport.analytics.winprob.jobs import train_and_score
from rapport.analytics.winprob.training import score_open
from rapport.app import TRUSTED_DOCUMENTS
from rapport.config import Settings
from rapport.core import clock
from rapport.core.authz.policy import Access, current
from rapport.core.db import Database
from rapport.customers.demo import seed_customers
from rapport.demo import _sales_owners
from rapport.graphql.compiler.flatten import directive_variables
from rapport.graphql.node import to_global_id
from rapport.graphql.trusted import TrustedDocuments
from rapport.sales.demo import seed_sales
from tests.authz.conftest import USERS, World
from tests.authz.conftest import world as world  # the fixture, shared with the authz tests
from tests.conftest import BothPaths, GraphQLClient, both_paths

DOCUMENTS = {d.operation_name: d for d in TrustedDocuments.load(TRUSTED_DOCUMENTS).by_hash.values()}
LOCALES = ("en", "zh-CN")
PARAMS = {"days": 120, "percent": 40, "count": 2, "score": "2.0"}
ORDER_REASONS = {r.code for r in REASONS if any(source.startswith("Order.") for source in r.sources)}


def _shapes(name: str) -> list[dict[str, bool]]:
    """Every shape of the operation's `@include` booleans."""
    names = directive_variables(parse(DOCUMENTS[name].text))
    return [{n: bool(bits >> i & 1) for i, n in enumerate(names)} for bits in range(2 ** len(names))]


async def _compare(paths: BothPaths, name: str, variables: dict[str, Any], locale: str, label: str) -> dict[str, Any]:
    """One request on both paths: the same answer (extensions aside), and compiled when the plan takes the shape."""
    document = DOCUMENTS[name].text
    headers = {"Accept-Language": locale}
    expected = await paths.slow(document, variables, headers=headers)
    served = paths.app.state.graphql.compiled.served
    got = await paths.fast(document, variables, headers=headers)
    expected.pop("extensions", None)
    got.pop("extensions", None)
    assert got == expected, f"{label}:\n compiled {got}\n resolvers {expected}"
    if "errors" not in expected and not variables.get("withRetrospective"):
        assert paths.app.state.graphql.compiled.served == served + 1, f"{label}: not compiled"
    return expected


async def _two_scores(db: Database, customer: Any) -> None:
    """A score the day before with some reasons, then today's with every reason (some new, some not)."""
    before = [{"code": r.code, "params": PARAMS} for r in REASONS[::2]]
    now = [{"code": r.code, "params": PARAMS} for r in REASONS]
    for at, probability, reasons in ((clock.now() - timedelta(days=1), 0.5, before), (clock.now(), 0.8, now)):
        async with db.write() as session:
            await store_scores(session, [Scored(customer, probability, reasons)], now=at, run_id=None, small_data=False)


async def test_customer_predictions_alike_on_both_paths_for_every_role_and_language(
    world: World, db: Database, settings: Settings, gql: GraphQLClient
) -> None:
    await _two_scores(db, world.raw_customer_id)
    seen: dict[tuple[str, str], list[str]] = {}
    for role, email in USERS.items():
        async with both_paths(settings, db, email) as paths:
            for locale in LOCALES:
                for shape in _shapes("CustomerPredictions"):
                    variables = {"id": world.customer_id, **shape}
                    body = await _compare(paths, "CustomerPredictions", variables, locale, f"{role} {locale} {shape}")
                    risk = ((body.get("data") or {}).get("customer") or {}).get("churnRisk")
                    if risk is not None:
                        seen[role, locale] = [r["code"] for r in risk["reasons"]]
                        assert risk["band"] == "HIGH" and risk["previousProbability"] == 0.5, (role, risk)
    # the answers compared are real ones: reasons for the readers, in each language, new and not
    assert {"admin", "sales_rep", "service_agent", "marketing"} <= {role for role, _ in seen}
    assert seen["admin", "en"] == [r.code for r in REASONS] == seen["admin", "zh-CN"]
    # an agent may not read order amounts: no reason about them (on either path: the answers are equal)
    assert "SPENDING_DOWN" not in seen["service_agent", "en"] and "NO_FOLLOW_UP" in seen["service_agent", "en"]
    # a role whose policy loses Order.orderedAt gets no reason about orders at all, on either path
    await gql.login("admin@demo.example")
    change = """mutation($i: PermissionSetInput!) { permissionSet(input: $i) { userErrors { message } } }"""
    revoke = {"role": "sales_rep", "type": "Order", "field": "orderedAt", "access": "NONE"}
    assert not (await gql(change, {"i": revoke}))["data"]["permissionSet"]["userErrors"]
    assert current().for_roles(["sales_rep"]).access("Order.orderedAt") < Access.READ
    async with both_paths(settings, db, USERS["sales_rep"]) as paths:
        for locale in LOCALES:
            variables = {"id": world.customer_id, "withChurn": True, "withCrossSell": False}
            body = await _compare(paths, "CustomerPredictions", variables, locale, f"rep without orders {locale}")
            codes = {r["code"] for r in body["data"]["customer"]["churnRisk"]["reasons"]}
            assert codes and not codes & ORDER_REASONS, codes
    assert ORDER_REASONS & set(seen["sales_rep", "en"]), "the rep saw order reasons before"


@pytest.mark.usefixtures("demo")
async def test_opportunity_predictions_alike_on_both_paths_for_every_role_and_language(
    db: Database, settings: Settings
) -> None:
    """The win probability compiles (the lost-deal retrospective stays with the resolvers): an open deal of the rep,
    scored twice, and a lost one, every shape, every role, both languages."""
    async with db.write() as session:
        owners = await _sales_owners(session)
    await seed_customers(db, count=60, locale="en", random_seed=3, owners=owners)
    async with db.write() as session:
        await seed_sales(session, "en", 3)
    assert (await train_and_score(db, clock.now()))["scored"] > 0
    async with db.write() as session:  # scored again later: "what changed since the last score"
        assert await score_open(session, clock.now() + timedelta(days=9)) > 0
    async with db.read() as session:
        picked = (
            await session.execute(
                text(
                    "SELECT o.id FROM opportunity o JOIN app_user u ON u.id = o.owner_id "
                    "JOIN opportunity_win_score s ON s.opportunity_id = o.id "
                    "WHERE u.email = 'rep@demo.example' AND s.previous_probability IS NOT NULL "
                    "ORDER BY jsonb_array_length(s.reasons) DESC, o.id LIMIT 1"
                )
            )
        ).scalar_one()
        lost = (
            await session.execute(text("SELECT id FROM opportunity WHERE status = 'lost' ORDER BY id LIMIT 1"))
        ).scalar_one()
    scored: set[str] = set()
    for role, email in USERS.items():
        async with both_paths(settings, db, email) as paths:
            for locale in LOCALES:
                for deal in (picked, lost):
                    for shape in _shapes("OpportunityPredictions"):
                        variables = {"id": to_global_id("Opportunity", deal), **shape}
                        label = f"{role} {locale} {deal} {shape}"
                        body = await _compare(paths, "OpportunityPredictions", variables, locale, label)
                        win = ((body.get("data") or {}).get("opportunity") or {}).get("winProbability")
                        if win is not None and win["reasons"]:
                            scored.add(role)
    assert {"sales_rep", "sales_director", "admin"} <= scored
