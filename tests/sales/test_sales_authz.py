"""Row scopes and field access of sales: reps see their own, managers their team's; bounded 360° statements."""

from __future__ import annotations

from decimal import Decimal

from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from rapport.sales.leads import service as leads
from rapport.sales.pipeline import service as pipeline
from tests import factories
from tests.conftest import GraphQLClient
from tests.sales.conftest import Sales

SQL = {"X-Rapport-Debug": "sql"}


async def _book(db: Database, sales: Sales) -> dict[str, str]:
    """One lead and one opportunity for rep (East) and for rep2 (North)."""
    ids: dict[str, str] = {}
    for who, tag in ((sales.rep, "east"), (sales.rep2, "north")):
        customer = await factories.customer(db, who, f"{tag} customer")
        async with db.write() as session:
            opp = await pipeline.create(session, who, customer.id, f"{tag} deal", Decimal("1000"), None, None)
            draft = leads.LeadDraft(
                name=f"{tag} lead", source="web", phone=f"1390000{len(ids):04d}", owner_id=who.user_id
            )
            lead = (await leads.capture(session, draft, who)).lead
            assert lead is not None
        ids[f"{tag}_opp"] = to_global_id("Opportunity", opp.id)
        ids[f"{tag}_lead"] = to_global_id("Lead", lead.id)
    return ids


LISTS = "{ leads { nodes { name } } opportunities { nodes { name } } }"


async def _names(gql: GraphQLClient) -> tuple[list[str], list[str]]:
    body = await gql(LISTS)
    assert "errors" not in body, body
    return (
        sorted(n["name"] for n in body["data"]["leads"]["nodes"]),
        sorted(n["name"] for n in body["data"]["opportunities"]["nodes"]),
    )


async def test_reps_see_their_own_managers_their_teams_directors_everything(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    ids = await _book(db, sales)
    await gql.login("rep@demo.example")
    assert await _names(gql) == (["east lead"], ["east deal"])
    other = await gql(
        "query($l: ID!, $o: ID!) { lead(id: $l) { name } opportunity(id: $o) { name } node(id: $o) { id } }",
        {"l": ids["north_lead"], "o": ids["north_opp"]},
    )
    assert other["data"] == {"lead": None, "opportunity": None, "node": None}
    moved = await gql(
        "mutation($i: OpportunityMoveStageInput!) { opportunityMoveStage(input: $i) { moved } }",
        {"i": {"id": ids["north_opp"], "stageId": sales.stages["contract"]}},
    )
    assert moved["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    status = await gql(
        "mutation($i: LeadStatusSetInput!) { leadStatusSet(input: $i) { lead { id } } }",
        {"i": {"id": ids["north_lead"], "status": "DISQUALIFIED"}},
    )
    assert status["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    await gql.login("rep2@demo.example")
    assert await _names(gql) == (["north lead"], ["north deal"])
    await gql.login("manager@demo.example")  # East Sales
    assert await _names(gql) == (["east lead"], ["east deal"])
    await gql.login("director@demo.example")
    assert await _names(gql) == (["east lead", "north lead"], ["east deal", "north deal"])


async def test_analysts_read_everything_with_lead_contacts_masked_and_change_nothing(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    ids = await _book(db, sales)
    await gql.login("analyst@demo.example")
    body = await gql("query($id: ID!) { lead(id: $id) { name phone } }", {"id": ids["east_lead"]})
    assert body["data"]["lead"] == {"name": "east lead", "phone": "139****0000"}
    assert len((await gql(LISTS))["data"]["opportunities"]["nodes"]) == 2
    denied = await gql(
        "mutation($i: OpportunityUpdateInput!) { opportunityUpdate(input: $i) { opportunity { id } } }",
        {"i": {"id": ids["east_opp"], "version": 1, "amount": "1"}},
    )
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await gql.login("director@demo.example")
    clear = await gql("query($id: ID!) { lead(id: $id) { phone } }", {"id": ids["east_lead"]})
    assert clear["data"]["lead"] == {"phone": "+8613900000000"}


async def test_marketing_captures_leads_but_never_sees_deals_and_agents_see_no_sales(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    await _book(db, sales)
    await gql.login("marketing@demo.example")
    created = await gql(
        'mutation { leadCreate(input: {name: "Expo visitor", source: "expo", email: "v@expo.example"}) '
        "{ lead { name owner { email } } userErrors { field } } }"
    )
    assert created["data"]["leadCreate"] == {"lead": {"name": "Expo visitor", "owner": None}, "userErrors": []}
    assert (await gql("{ opportunities { nodes { name } } }"))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    converted = await gql('mutation { leadConvert(input: {id: "x"}) { userErrors { field } } }')
    assert converted["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await gql.login("agent@demo.example")
    for query in ("{ leads { totalCount } }", "{ publicPool { totalCount } }", "{ salesForecast { target } }"):
        assert (await gql(query))["errors"][0]["extensions"]["code"] == "FORBIDDEN", query


VIEW = """
query($id: ID!) {
  customer(id: $id) {
    name poolDaysLeft
    opportunities { name amount stage { key } owner { email } pendingApproval { id } stageHistory { toStage { key } } }
    leads { name phone owner { email } }
    timeline(first: 20) { nodes { __typename ... on StageChangeEntry { toStage { key } opportunity { name } actor { email } } } }
  }
}
"""


async def test_the_360_view_with_deals_and_leads_keeps_its_statement_bound(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    async def customer_with(name: str, deals: int) -> str:
        customer = await factories.customer(db, sales.rep, name)
        async with db.write() as session:
            for i in range(deals):
                opp = await pipeline.create(session, sales.rep, customer.id, f"{name} {i}", Decimal("5000"), None, None)
                await pipeline.move(session, sales.rep, opp.id, sales.raw_stages["quote"], None, None)
                draft = leads.LeadDraft(name=f"{name} lead {i}", source="web", email=f"{name}{i}@example.com")
                captured = (await leads.capture(session, draft, sales.rep)).lead
                assert captured is not None
                captured.customer_id, captured.owner_id = customer.id, sales.rep.user_id
        return to_global_id("Customer", customer.id)

    big = await customer_with("big", 6)
    small = await customer_with("small", 1)
    await gql.login("rep@demo.example")
    big_body = await gql(VIEW, {"id": big}, headers=SQL)
    assert "errors" not in big_body, big_body
    view = big_body["data"]["customer"]
    assert len(view["opportunities"]) == 6 and len(view["leads"]) == 6
    assert view["poolDaysLeft"] == 30
    assert view["opportunities"][0]["stageHistory"] == [
        {"toStage": {"key": "needs_analysis"}},
        {"toStage": {"key": "quote"}},
    ]
    assert len(view["timeline"]["nodes"]) == 12
    small_body = await gql(VIEW, {"id": small}, headers=SQL)
    assert len(small_body["data"]["customer"]["opportunities"]) == 1
    # customer, pool rules, exemptions, timeline, leads, opportunities, stages, the timeline's
    # opportunities by id, users, approvals, history, and at times a second users batch (the timeline's actors
    # resolve a level deeper): the same bound for one deal or many.
    for body in (big_body, small_body):
        assert body["extensions"]["sql"]["statements"] <= 12  # the session's lookup is counted apart


async def test_the_sales_force_is_the_viewers_team_or_everyone_for_directors(gql: GraphQLClient, sales: Sales) -> None:
    query = "{ salesForce { email } }"
    await gql.login("rep@demo.example")  # East Sales
    assert [u["email"] for u in (await gql(query))["data"]["salesForce"]] == [
        "manager@demo.example",
        "rep@demo.example",
    ]
    await gql.login("director@demo.example")
    emails = sorted(u["email"] for u in (await gql(query))["data"]["salesForce"])
    assert emails == ["director@demo.example", "manager@demo.example", "rep2@demo.example", "rep@demo.example"]
    await gql.login("agent@demo.example")
    assert (await gql(query))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
