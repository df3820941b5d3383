"""Survey links, the knowledge base (Chinese and English), and service figures computed in SQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from rapport.assembly import install
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.jobs import run_job
from tests.conftest import GraphQLClient
from tests.support.conftest import Desk, emailed_survey_url, mutate, open_ticket


async def _resolve(gql: GraphQLClient, desk: Desk, db: Database, **values: Any) -> tuple[str, str]:
    await gql.login("supervisor@demo.example")
    ticket = await open_ticket(gql, desk, **values)
    await mutate(gql, "ticketAssign", "TicketAssignInput", {"id": ticket["id"], "agentId": desk.agent_id})
    await gql.login("agent@demo.example")
    await mutate(gql, "ticketStart", "TicketActionInput", {"id": ticket["id"]})
    resolved = await mutate(
        gql, "ticketResolve", "TicketActionInput", {"id": ticket["id"]}, "surveyUrl userErrors { code }"
    )
    assert resolved["userErrors"] == [] and resolved["surveyUrl"] is None  # emailed to the customer
    return ticket["id"], (await emailed_survey_url(db, ticket["id"])).rsplit("/", 1)[1]


async def test_the_survey_link_rates_once_without_signing_in(
    gql: GraphQLClient, client: httpx.AsyncClient, desk: Desk, db: Database
) -> None:
    ticket_id, token = await _resolve(gql, desk, db)
    client.cookies.clear()
    survey = await gql(
        "query($t: String!) { survey(token: $t) { ticketNumber canRate answered expired } }", {"t": token}
    )
    assert survey["data"]["survey"]["canRate"] is True
    submit = "mutation($i: SurveySubmitInput!) { surveySubmit(input: $i) { accepted userErrors { field message } } }"
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert (await gql(submit, {"i": {"token": forged, "rating": 5}}))["data"]["surveySubmit"]["accepted"] is False
    assert (await gql(submit, {"i": {"token": token, "rating": 5, "comment": "满意"}}))["data"]["surveySubmit"] == {
        "accepted": True,
        "userErrors": [],
    }
    again = (await gql(submit, {"i": {"token": token, "rating": 1}}))["data"]["surveySubmit"]
    assert again["accepted"] is False and "already" in again["userErrors"][0]["message"]
    await gql.login("agent@demo.example")
    view = await gql("query($id: ID!) { ticket(id: $id) { status rating ratingComment } }", {"id": ticket_id})
    assert view["data"]["ticket"] == {"status": "CLOSED", "rating": 5, "ratingComment": "满意"}


async def test_unrated_resolved_tickets_close_after_the_configured_days(
    gql: GraphQLClient, desk: Desk, db: Database, settings: Settings
) -> None:
    resolved_at = datetime(2026, 6, 1, tzinfo=UTC)
    with clock.frozen_at(resolved_at):
        ticket_id, _ = await _resolve(gql, desk, db)
    await gql.login("admin@demo.example")
    assert (await gql("mutation { autoCloseDaysSet(days: 3) { userErrors { field } } }"))["data"]["autoCloseDaysSet"][
        "userErrors"
    ] == []
    install()
    assert await run_job("ticket-autoclose", db, settings, resolved_at + timedelta(days=2)) == {"closed": 0, "days": 3}
    assert await run_job("ticket-autoclose", db, settings, resolved_at + timedelta(days=3, minutes=1)) == {
        "closed": 1,
        "days": 3,
    }
    view = await gql("query($id: ID!) { ticket(id: $id) { status rating } }", {"id": ticket_id})
    assert view["data"]["ticket"] == {"status": "CLOSED", "rating": None}


async def test_knowledge_base_search_and_suggestions(gql: GraphQLClient, desk: Desk) -> None:
    await gql.login("supervisor@demo.example")
    save = (
        "mutation($i: KbArticleSaveInput!) { kbArticleSave(input: $i) { article { id status } userErrors { field } } }"
    )
    articles = [
        {
            "title": "打印机无法连接网络怎么办",
            "body": "检查打印机的网络设置，然后重启路由器。",
            "tags": ["打印机"],
            "status": "published",
        },
        {
            "title": "How to reset your password",
            "body": "Open settings and choose *Reset password*.",
            "status": "published",
        },
        {"title": "内部：保修政策草稿", "body": "草稿内容，打印机保修两年。"},
    ]
    for article in articles:
        assert (await gql(save, {"i": article}))["data"]["kbArticleSave"]["userErrors"] == []
    search = "query($q: String) { kbSearch(query: $q) { title status } }"
    assert [a["title"] for a in (await gql(search, {"q": "打印机"}))["data"]["kbSearch"]] == [
        "内部：保修政策草稿",
        "打印机无法连接网络怎么办",
    ]  # editors see drafts too
    assert [a["title"] for a in (await gql(search, {"q": "reset PASSWORD"}))["data"]["kbSearch"]] == [
        "How to reset your password"
    ]
    ticket = await open_ticket(gql, desk, subject="打印机无法连接网络", description="办公室的打印机连不上")
    compiled = gql.http._transport.app.state.graphql.compiled  # type: ignore[attr-defined]
    served = compiled.served
    suggested = await gql("query($id: ID!) { ticket(id: $id) { suggestedArticles { title } } }", {"id": ticket["id"]})
    assert compiled.served == served + 1, "not compiled"
    # Published articles only, sharing at least two of the ticket's words: not the draft, not the password one.
    assert suggested["data"]["ticket"]["suggestedArticles"] == [{"title": "打印机无法连接网络怎么办"}]
    await gql.login("agent@demo.example")  # agents read published articles only
    assert [a["title"] for a in (await gql(search, {"q": "打印机"}))["data"]["kbSearch"]] == [
        "打印机无法连接网络怎么办"
    ]


async def test_service_figures(gql: GraphQLClient, desk: Desk, db: Database) -> None:
    start = datetime(2026, 7, 1, tzinfo=UTC)
    with clock.frozen_at(start):
        _, good_token = await _resolve(gql, desk, db, channel="PHONE")
    with clock.frozen_at(start + timedelta(hours=1)):
        _, poor_token = await _resolve(gql, desk, db, channel="EMAIL", category="billing")
    gql.http.cookies.clear()  # the customers rate through their survey links
    submit = "mutation($i: SurveySubmitInput!) { surveySubmit(input: $i) { accepted } }"
    for token, stars in ((good_token, 5), (poor_token, 1)):
        with clock.frozen_at(start + timedelta(hours=1, minutes=30)):  # before the links expire
            body = await gql(submit, {"i": {"token": token, "rating": stars}})
        assert body["data"]["surveySubmit"]["accepted"], body
    await gql.login("supervisor@demo.example")
    with clock.frozen_at(start + timedelta(hours=2)):
        open_now = await open_ticket(gql, desk)
    stats = (
        await gql(
            "{ serviceStats(bucket: MONTH) { created resolved csat ratings reopenRate resolutionCompliance "
            "backlog { key count } volumeByChannel { key second count } csatByAgent { id name average ratings } "
            "csatByTeam { id name ratings } } }"
        )
    )["data"]["serviceStats"]
    assert stats["created"] == 3 and stats["ratings"] == 2 and stats["csat"] == 3.0
    assert stats["reopenRate"] == 0.5  # one of the two rated tickets was reopened
    assert stats["resolutionCompliance"] == 1.0
    assert {b["key"]: b["count"] for b in stats["backlog"]} == {"new": 1, "reopened": 1}
    assert {(v["second"], v["count"]) for v in stats["volumeByChannel"]} == {("phone", 1), ("email", 1), ("web", 1)}
    # Per agent and team with their names, not only their ids (the dashboard shows names).
    assert stats["csatByAgent"] == [{"id": desk.agent_id, "name": "Alex Agent", "average": 3.0, "ratings": 2}]
    assert [(t["id"], t["ratings"]) for t in stats["csatByTeam"]] == [(desk.service_team_id, 2)]
    assert stats["csatByTeam"][0]["name"]
    # The dashboards' links open the ticket list on the same filters: as many rows as each figure counts.
    count = "query($f: TicketFilter) { tickets(filter: $f) { totalCount } }"
    for row in stats["backlog"]:
        listed = await gql(count, {"f": {"statuses": [row["key"].upper()]}})
        assert listed["data"]["tickets"]["totalCount"] == row["count"], row
    period = {"createdFrom": start.isoformat(), "createdTo": (start + timedelta(hours=1, minutes=30)).isoformat()}
    volume = "query($a: DateTime, $b: DateTime) { serviceStats(createdFrom: $a, createdTo: $b, bucket: MONTH) "
    volume += "{ volumeByChannel { second count } } }"
    in_period = (await gql(volume, {"a": period["createdFrom"], "b": period["createdTo"]}))["data"]["serviceStats"]
    assert sorted(v["second"] for v in in_period["volumeByChannel"]) == ["email", "phone"]
    for row in in_period["volumeByChannel"]:
        listed = await gql(count, {"f": {"channels": [row["second"].upper()], **period}})
        assert listed["data"]["tickets"]["totalCount"] == row["count"], row
    trend = (await gql("{ serviceStats(bucket: MONTH) { csatTrend { key average count } } }"))["data"]["serviceStats"]
    assert trend["csatTrend"] == [{"key": "2026-07-01", "average": 3.0, "count": 2}]
    # Search by number or words of the subject.
    found = await gql(
        "query($s: String) { tickets(filter: {search: $s}) { nodes { number } } }", {"s": open_now["number"].lower()}
    )
    assert found["data"]["tickets"]["nodes"] == [{"number": open_now["number"]}]
    by_words = await gql('{ tickets(filter: {search: "无法连"}) { totalCount } }')
    assert by_words["data"]["tickets"]["totalCount"] == 3
    # The supervisor sees the desk's people with their load.
    agents = (await gql("{ serviceAgents { user { email } openTickets available } }"))["data"]["serviceAgents"]
    assert {a["user"]["email"] for a in agents} == {
        "agent@demo.example",
        "agent2@demo.example",
        "supervisor@demo.example",
    }
    await gql.login("rep@demo.example")
    assert (await gql("{ serviceAgents { openTickets } }"))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
