"""The duplicate finder: tuned on a labelled fixture of names, reasons shown, and a check of a customer to create."""

from __future__ import annotations

from typing import Any

import httpx

from rapport.config import Settings
from rapport.core.db import Database
from rapport.customers.names import compare
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from tests import factories
from tests.conftest import GraphQLClient
from tests.customers.duplicate_pairs import PAIRS, plant_duplicates
from tests.graphql.test_compiled_reads import ROLES

CHECK = """
query($d: CustomerDuplicateDraft!) {
  customerDuplicateCheck(draft: $d) { customer { name } reasons score tradeName }
}
"""


def test_names_of_one_company_match_and_look_alikes_do_not_with_precision_and_recall_at_least_0_9() -> None:
    assert len(PAIRS) >= 30
    assert any(same for *_, same in PAIRS) and any(not same for *_, same in PAIRS)
    outcomes = [(compare(a, b) is not None, same) for a, b, same in PAIRS]
    true_positives = sum(1 for found, same in outcomes if found and same)
    precision = true_positives / sum(1 for found, _ in outcomes if found)
    recall = true_positives / sum(1 for _, same in outcomes if same)
    wrong = [(a, b, same) for (a, b, same), (found, _) in zip(PAIRS, outcomes, strict=True) if found != same]
    assert precision >= 0.9 and recall >= 0.9, wrong
    # Both directions agree.
    assert all((compare(a, b) is None) == (compare(b, a) is None) for a, b, _ in PAIRS)


def test_a_match_says_which_trade_name_the_names_share() -> None:
    matched = compare("上海华为技术有限公司", "华为技术(上海)有限公司")
    assert matched is not None and (matched.reason, matched.trade_name) == ("same_trade_name", "华为")
    assert compare("华为技术(上海)有限公司", "华为技术(北京)有限公司") is None  # two branches
    assert compare("北京星辰科技有限公司", "北京晨星科技有限公司") is None  # common words only


async def test_duplicates_of_a_customer_with_reasons_and_no_unrelated_companies(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    original = await factories.customer(
        db, rep, "上海华为技术有限公司", contacts=[ContactDraft("王经理", phones=["13812345678"])]
    )
    await factories.customer(db, rep, "华为技术(上海)有限公司")
    await factories.customer(db, rep, "华为技术(北京)有限公司")  # another company of the group: not proposed
    await factories.customer(db, rep, "上海华兴科技有限公司")  # the old finder proposed this one
    await factories.customer(db, rep, "上海星辰技术有限公司")
    await factories.customer(db, rep, "前台", kind="person", contacts=[ContactDraft("前台", phones=["138-1234-5678"])])
    await gql.login("rep@demo.example")
    body = await gql(
        "query($id: ID!) { customerDuplicates(id: $id) { customer { name } reasons score tradeName } }",
        {"id": to_global_id("Customer", original.id)},
    )
    assert "errors" not in body, body
    found = {d["customer"]["name"]: d for d in body["data"]["customerDuplicates"]}
    assert set(found) == {"华为技术(上海)有限公司", "前台"}
    assert found["华为技术(上海)有限公司"]["reasons"] == ["SAME_TRADE_NAME"]
    assert found["华为技术(上海)有限公司"]["tradeName"] == "华为"
    assert found["前台"] == {"customer": {"name": "前台"}, "reasons": ["SAME_PHONE"], "score": 1.0, "tradeName": None}


async def test_a_customer_about_to_be_created_is_checked_against_existing_ones_and_nothing_is_written(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    await factories.customer(
        db, rep, "北京字节跳动科技有限公司", contacts=[ContactDraft("张三", emails=["zhang@bytedance.example"])]
    )
    await factories.customer(db, rep, "北京跳动音乐有限公司")
    await gql.login("rep@demo.example")
    before = await gql("{ customers { totalCount } }")
    body = await gql(CHECK, {"d": {"name": "字节跳动(北京)", "phones": ["not a phone"]}})
    assert "errors" not in body, body
    assert body["data"]["customerDuplicateCheck"] == [
        {
            "customer": {"name": "北京字节跳动科技有限公司"},
            "reasons": ["SAME_TRADE_NAME"],
            "score": 0.95,
            "tradeName": "字节跳动",
        }
    ]
    by_email = await gql(CHECK, {"d": {"name": "Zhang San", "kind": "PERSON", "emails": ["ZHANG@bytedance.example"]}})
    assert [(d["customer"]["name"], d["reasons"]) for d in by_email["data"]["customerDuplicateCheck"]] == [
        ("北京字节跳动科技有限公司", ["SAME_EMAIL"])
    ]
    assert (await gql(CHECK, {"d": {"name": "杭州西湖茶叶有限公司"}}))["data"]["customerDuplicateCheck"] == []
    assert await gql("{ customers { totalCount } }") == before
    # Another rep sees none of those customers: none is proposed (no oracle for customers one may not see).
    await gql.login("rep2@demo.example")
    hidden = await gql(CHECK, {"d": {"name": "字节跳动", "emails": ["zhang@bytedance.example"]}})
    assert hidden.get("data", {}).get("customerDuplicateCheck") in ([], None)


DUPLICATES = """query($id: ID!) {
  customerDuplicates(id: $id) { reasons score tradeName customer { name owner { name } } }
}"""


async def test_both_read_paths_find_the_same_duplicates_for_every_role_in_one_statement(
    demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    from rapport.app import create_app

    original = to_global_id("Customer", await plant_duplicates(db))
    draft = {"d": {"name": "Contoso Pharmaceutical", "phones": ["13812345678"], "emails": ["x@y.example"]}}
    fast_app = create_app(settings, database=db)
    slow_app = create_app(settings.model_copy(update={"compiled_reads": False}), database=db)
    answers: dict[str, Any] = {}
    for email in ROLES:
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=fast_app), base_url="http://t") as fast_http,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=slow_app), base_url="http://t") as slow_http,
        ):
            fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
            await fast.login(email)
            await slow.login(email)
            for query, variables in ((DUPLICATES, {"id": original}), (CHECK, draft)):
                expected = await slow(query, variables)
                served = fast_app.state.graphql.compiled.served
                got = await fast(query, variables, headers={"X-Rapport-Debug": "sql"})
                statements = got.pop("extensions", {}).get("sql", {}).get("statements")
                assert got == expected, (email, query[:30])
                if "errors" not in expected:
                    assert fast_app.state.graphql.compiled.served == served + 1, (email, "not compiled")
                    assert statements == 1, (email, statements)
                answers[f"{email} {query[:20]}"] = expected
    rep = answers[f"rep@demo.example {DUPLICATES[:20]}"]["data"]["customerDuplicates"]
    assert [(d["customer"]["name"], d["reasons"], d["tradeName"]) for d in rep] == [
        (
            "华为技术(上海)有限公司",
            ["SAME_TRADE_NAME"],
            "华为",
        ),  # a score of 0.95 before the phone's 1.0: both one reason
        ("前台", ["SAME_PHONE"], None),
    ][::-1]
    # The manager also sees their own 华为 (深圳): the same email only (another province).
    manager = answers[f"manager@demo.example {DUPLICATES[:20]}"]["data"]["customerDuplicates"]
    assert ("华为 (深圳)", ["SAME_EMAIL"]) in [(d["customer"]["name"], d["reasons"]) for d in manager]
    admin = answers[f"admin@demo.example {CHECK[:20]}"]["data"]["customerDuplicateCheck"]
    by_name = {d["customer"]["name"]: d for d in admin}
    assert by_name["Contoso Pharmaceuticals"]["reasons"] == ["SIMILAR_NAME"]
    assert by_name["Contoso Pharmaceutical Ltd"]["reasons"] == ["SAME_TRADE_NAME"]
    assert by_name["上海华为技术有限公司"]["reasons"] == ["SAME_PHONE"] and by_name["前台"]["score"] == 1.0


async def test_a_similar_trade_name_is_scored_by_its_bigrams_in_sql(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    admin = await factories.principal(db, "admin@demo.example")
    await factories.customer(db, admin, "Contoso Pharmaceuticals Ltd")
    await gql.login("admin@demo.example")
    body = await gql(CHECK, {"d": {"name": "Contoso Pharmaceutical Inc"}})
    (found,) = body["data"]["customerDuplicateCheck"]
    expected = compare("Contoso Pharmaceutical Inc", "Contoso Pharmaceuticals Ltd")
    assert expected is not None and expected.reason == "similar_name"
    assert (found["reasons"], found["tradeName"], found["score"]) == (
        ["SIMILAR_NAME"],
        expected.trade_name,
        expected.score,
    )


async def test_every_customer_keeps_its_names_keys_as_written_seeded_created_renamed_or_erased(
    demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    from sqlalchemy import select

    from rapport.customers.models import Customer
    from rapport.customers.names import name_keys
    from rapport.customers.privacy import erase_subject
    from rapport.customers.service import update_customer
    from rapport.demo import seed_demo

    await seed_demo(db, settings, locale="zh_CN", customers=60)
    admin = await factories.principal(db, "admin@demo.example")
    renamed = await factories.customer(db, admin, "上海华为技术有限公司")
    erased = await factories.customer(db, admin, "杭州西湖茶叶有限公司")
    async with db.write() as session:
        await update_customer(session, admin, renamed.id, renamed.version, {"name": "Acme Trading (Shanghai) Co."})
    async with db.write() as session:
        await erase_subject(session, admin, erased.id, "杭州西湖茶叶有限公司")
    columns = list(name_keys(""))
    async with db.read() as session:
        rows = (
            await session.execute(select(Customer.id, Customer.name, *(getattr(Customer, c) for c in columns)))
        ).all()
    assert len(rows) > 60
    wrong = [row.name for row in rows if name_keys(row.name) != {c: getattr(row, c) for c in columns}]
    assert not wrong, wrong
    kept = {row.id: row.trade_name for row in rows}
    assert kept[renamed.id] == "acme" and kept[erased.id] != "西湖茶叶"
