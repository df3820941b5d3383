"""The header's search over leads and opportunities: the caller's rows only, through the lists' own filters."""

from __future__ import annotations

from decimal import Decimal

from rapport.core.db import Database
from rapport.sales.leads import service as leads
from rapport.sales.pipeline import service as pipeline
from tests import factories
from tests.conftest import GraphQLClient
from tests.sales.conftest import Sales

SEARCH = (
    "query($s: String!) { leads(first: 5, filter: {search: $s}) { totalCount nodes { name company phone } } "
    "opportunities(first: 5, filter: {search: $s}) { totalCount nodes { name } } }"
)


async def test_search_finds_leads_by_name_or_company_and_deals_by_name_within_scope(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    async with db.write() as session:
        for who, name, company in ((sales.rep, "王海燕", "杭州海燕科技"), (sales.rep2, "李海", "北方海运")):
            draft = leads.LeadDraft(name=name, source="web", company=company, phone="13812345678", owner_id=who.user_id)
            await leads.capture(session, draft, who)
    for who, name in ((sales.rep, "海燕 ERP 升级"), (sales.rep2, "海运 CRM")):
        customer = await factories.customer(db, who, f"客户 {name}")
        async with db.write() as session:
            await pipeline.create(session, who, customer.id, name, Decimal("1000"), None, None)

    await gql.login("rep@demo.example")  # own leads and deals only
    found = (await gql(SEARCH, {"s": "海"}))["data"]
    assert [lead["name"] for lead in found["leads"]["nodes"]] == ["王海燕"]
    assert [deal["name"] for deal in found["opportunities"]["nodes"]] == ["海燕 ERP 升级"]
    by_company = (await gql(SEARCH, {"s": "杭州"}))["data"]
    assert by_company["leads"]["totalCount"] == 1 and by_company["opportunities"]["totalCount"] == 0
    # Wildcards are words, not patterns.
    assert (await gql(SEARCH, {"s": "%"}))["data"]["leads"]["totalCount"] == 0

    await gql.login("director@demo.example")  # everyone's
    both = (await gql(SEARCH, {"s": "海"}))["data"]
    assert (both["leads"]["totalCount"], both["opportunities"]["totalCount"]) == (2, 2)

    await gql.login("analyst@demo.example")  # every lead, the contact details masked
    masked = (await gql(SEARCH, {"s": "王海燕"}))["data"]["leads"]["nodes"]
    assert masked == [{"name": "王海燕", "company": "杭州海燕科技", "phone": "138****5678"}]
