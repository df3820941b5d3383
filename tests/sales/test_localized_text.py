"""Sales text in the reader's language (zh-CN and en): approval notifications, seeded stage names on both read
paths (a renamed stage stays as typed), the pool's claim limit and cooldown, and the lead import's limit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from tests.conftest import GraphQLClient
from tests.sales.conftest import Sales, call
from tests.sales.test_pipeline import _move, _opportunity
from tests.sales.test_pool import ERRORS, T0, _release

ZH = {"accept-language": "zh-CN"}
EN = {"accept-language": "en"}
NOTES = "{ notifications { nodes { kind title body } } }"


async def _notes(gql: GraphQLClient, kind: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    body = await gql(NOTES, headers=headers)
    return [n for n in body["data"]["notifications"]["nodes"] if n["kind"] == kind]


async def test_an_approval_request_names_the_stage_and_amount_in_the_directors_language(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    opp = await _opportunity(gql, sales, db, "150000")
    assert (await _move(gql, opp["id"], sales.stages["quote"]))["moved"] is False
    await gql.login("director@demo.example")
    [chinese] = await _notes(gql, "approval_requested", ZH)
    [english] = await _notes(gql, "approval_requested", EN)
    assert chinese["title"] == "Deal：申请进入“方案报价”阶段的审批"
    assert english["title"] == "Deal: approval to enter Proposal / quote"
    assert chinese["body"].endswith("申请将其推进到“方案报价”（150,000 元）。")
    assert english["body"].endswith(" asks to move it to Proposal / quote (150,000 CNY).")


async def test_seeded_stage_names_follow_the_reader_and_a_renamed_stage_stays_as_typed(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    await gql.login("admin@demo.example")
    plain = "{ pipelineStages { id key version name } }"
    # With a directive the resolvers answer; without, the compiled path may: both read the reader's language.
    directed = "query($y: Boolean = true) { pipelineStages { id key version name @include(if: $y) } }"
    for query in (plain, directed):
        chinese = {s["key"]: s["name"] for s in (await gql(query, headers=ZH))["data"]["pipelineStages"]}
        english = {s["key"]: s["name"] for s in (await gql(query, headers=EN))["data"]["pipelineStages"]}
        assert chinese == {
            "needs_analysis": "需求分析",
            "quote": "方案报价",
            "contract": "合同签订",
            "payment": "回款",
            "won": "赢单",
            "lost": "输单",
        }
        assert english["quote"] == "Proposal / quote" and english["won"] == "Won"
    stages = {s["key"]: s for s in (await gql(plain, headers=ZH))["data"]["pipelineStages"]}
    # Saving a stage with the name it showed (in Chinese) keeps it seeded in both languages...
    contract = stages["contract"]
    values = {"id": contract["id"], "version": contract["version"], "name": "合同签订", "probability": 65}
    saved = await call(gql, "pipelineStageSave", "PipelineStageInput", values, f"stage {{ name }} {ERRORS}")
    assert saved == {"stage": {"name": "Contract"}, "userErrors": []}  # this client reads English
    # ... and a new name is the stage's name in every language, as typed.
    quote = stages["quote"]
    values = {"id": quote["id"], "version": quote["version"], "name": "报价谈判", "probability": 30}
    assert (await call(gql, "pipelineStageSave", "PipelineStageInput", values, ERRORS))["userErrors"] == []
    for headers in (ZH, EN):
        names = {s["key"]: s["name"] for s in (await gql(plain, headers=headers))["data"]["pipelineStages"]}
        assert names["quote"] == "报价谈判"
    assert {s["key"]: s["name"] for s in (await gql(plain, headers=ZH))["data"]["pipelineStages"]}["contract"] == (
        "合同签订"
    )


async def test_the_pool_says_when_a_customer_may_be_claimed_again_as_the_locale_writes_dates(
    gql: GraphQLClient, sales: Sales, db: Database, settings: Settings
) -> None:
    lost = await _release(db, sales, settings, "Cooldown Co")
    await gql.login("rep@demo.example")
    claim = "mutation($i: PoolClaimInput!) { poolClaim(input: $i) { userErrors { code message } } }"
    variables = {"i": {"customerId": to_global_id("Customer", lost[0])}}
    with clock.frozen_at(T0 + timedelta(days=33)):
        chinese = (await gql(claim, variables, headers=ZH))["data"]["poolClaim"]["userErrors"][0]
        english = (await gql(claim, variables, headers=EN))["data"]["poolClaim"]["userErrors"][0]
    assert chinese["code"] == english["code"] == "COOLDOWN"
    # Reclaimed on day 31 (2 April 2026), a cooldown of 7 days by default.
    assert chinese["message"] == "该客户已从您名下退回公海；您可从 2026年4月9日 起再次领取。"
    assert english["message"] == "You lost this customer to the pool; you can claim it again from Apr 9, 2026."


async def test_the_lead_import_limit_is_told_in_the_readers_language(gql: GraphQLClient, sales: Sales) -> None:
    await gql.login("rep@demo.example")
    rows = [{"name": f"L{i}", "source": "expo", "phone": f"1390000{i:04d}"} for i in range(1001)]
    query = "mutation($i: LeadBulkCreateInput!) { leadBulkCreate(input: $i) { created userErrors { field message } } }"
    answers = [await gql(query, {"i": {"leads": rows}}, headers=headers) for headers in (ZH, EN)]
    assert all("errors" not in answer for answer in answers), answers[0].get("errors")
    chinese, english = (answer["data"]["leadBulkCreate"] for answer in answers)
    assert chinese == {"created": 0, "userErrors": [{"field": "leads", "message": "每次最多导入 1,000 条线索。"}]}
    assert english["userErrors"][0]["message"] == "Import at most 1,000 leads at a time."


async def test_the_compiled_read_path_names_seeded_stages_in_the_readers_language(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    """One compiled statement per language: the SQL of one reader's language is never served to another."""
    opp = await _opportunity(gql, sales, db, "1000", name="Compiled")
    del opp
    compiled = gql.http._transport.app.state.graphql.compiled  # type: ignore[attr-defined]
    query = "{ customers(first: 5) { nodes { opportunities { stage { name } } } } }"
    names = {}
    for headers in (ZH, EN, ZH):
        served = compiled.served
        body = await gql(query, headers=headers)
        assert compiled.served == served + 1, "not compiled"
        stages = [o["stage"]["name"] for c in body["data"]["customers"]["nodes"] for o in c["opportunities"]]
        names[headers["accept-language"]] = stages
    assert names == {"zh-CN": ["需求分析"], "en": ["Needs analysis"]}
