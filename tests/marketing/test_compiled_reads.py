"""The marketing workspace's reads answer alike compiled and on the resolvers, in one statement, for every role that
opens the workspace (and for the others, whose answers are refused or scoped alike): campaigns with contents, costs
and progress, journeys with figures and enrollments, the suppression list and the settings."""

from __future__ import annotations

from typing import Any

import httpx

from rapport.app import TRUSTED_DOCUMENTS, create_app
from rapport.config import Settings
from rapport.core.db import Database
from rapport.graphql.trusted import TrustedDocuments
from tests.conftest import GraphQLClient
from tests.graphql.responses import end_cursor
from tests.marketing.reads_world import marketing_reads

MANIFEST = TrustedDocuments.load(TRUSTED_DOCUMENTS)
ROLES = (
    "marketing@demo.example",
    "mktmanager@demo.example",
    "analyst@demo.example",
    "admin@demo.example",
    "rep@demo.example",
)
#: Every field of the journey's figures and of its enrollments, and what the pages do not select.
JOURNEY_EVERYTHING = """query J($id: ID!, $after: String) { journey(id: $id) { __typename id graph
  figures: stats { __typename entered active done exited failed perNode { __typename nodeId reached waiting } }
  enrollments(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id status currentNode generation enteredAt nextRunAt finishedAt error customer { id name } } } }
} }"""
CAMPAIGN_EVERYTHING = """query C($id: ID!) { campaign(id: $id) { id segmentId actualCost
  contents { __typename channel locale subject body } costs { id label amount incurredOn }
  progress { total skippedByReason { __typename reason count } humanClicks }
  again: progress { sent } } }"""


async def test_the_marketing_reads_answer_alike_on_both_paths_for_every_role(settings: Settings, db: Database) -> None:
    from rapport.demo import seed_demo

    await seed_demo(db, settings, locale="zh_CN", customers=12)
    samples = await marketing_reads(db)
    by_name = {d.operation_name: d.text for d in MANIFEST.by_hash.values()}
    cases: list[tuple[str, dict[str, Any]]] = [(by_name[name], variables) for name, variables in samples.items()]
    cases += [
        (JOURNEY_EVERYTHING, {"id": samples["MarketingJourney"]["id"], "after": None}),
        (CAMPAIGN_EVERYTHING, {"id": samples["CampaignDetail"]["id"]}),
        (by_name["CampaignList"], {"first": 5, "filter": {"statuses": ["DRAFT", "DONE"]}}),
    ]
    fast_app = create_app(settings, database=db)
    slow_app = create_app(settings.model_copy(update={"compiled_reads": False}), database=db)
    compared = 0
    seen: dict[str, Any] = {}
    for email in ROLES:
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=fast_app), base_url="http://t") as fast_http,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=slow_app), base_url="http://t") as slow_http,
        ):
            fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
            await fast.login(email)
            await slow.login(email)
            for query, given in cases:
                variables: dict[str, Any] | None = given
                while variables is not None:
                    expected = await slow(query, variables)
                    served = fast_app.state.graphql.compiled.served
                    got = await fast(query, variables)
                    assert got == expected, f"{email} {query[:40]} {variables}:\n compiled {got}\n resolvers {expected}"
                    if email == "admin@demo.example" and query in (CAMPAIGN_EVERYTHING, JOURNEY_EVERYTHING):
                        seen.setdefault("CAMPAIGN" if query is CAMPAIGN_EVERYTHING else "JOURNEY", _first(expected))
                    if "errors" not in expected:
                        assert fast_app.state.graphql.compiled.served == served + 1, f"{email} {query[:40]}: resolvers"
                        compared += 1
                    cursor = end_cursor(expected.get("data"))
                    # Every later page of a list, after the cursor the resolvers gave.
                    paged = cursor is not None and "$after" in query and variables.get("after") != cursor
                    variables = {**variables, "after": cursor} if paged else None
    assert compared >= 30
    # What was compared has values: the admin sees the planted campaign's and journey's parts.
    assert seen["CAMPAIGN"]["progress"] == {
        "total": 11,
        "skippedByReason": [
            {"__typename": "SkipCount", "reason": "frequency_cap", "count": 1},
            {"__typename": "SkipCount", "reason": "no_address", "count": 2},
            {"__typename": "SkipCount", "reason": "opted_out", "count": 1},
        ],
        "humanClicks": 1,
    }
    assert seen["CAMPAIGN"]["actualCost"] == "1500.55"
    assert [c["locale"] for c in seen["CAMPAIGN"]["contents"]] == ["en", "zh-CN", "zh-CN"]
    assert seen["JOURNEY"]["figures"]["entered"] == seen["JOURNEY"]["enrollments"]["totalCount"] == 7
    assert seen["JOURNEY"]["graph"]["nodes"][2]["config"] == {"url": "https://hooks.example.com/x", "secretSet": True}


def _first(response: dict[str, Any]) -> Any:
    return next(iter(response["data"].values()))
