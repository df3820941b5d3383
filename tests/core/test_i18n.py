"""Localized server text (rapport.core.i18n): templates rendered in the reader's language, dates and numbers as the
locale writes them, and the reader's language of a request (Accept-Language, else the user's, else zh-CN)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx

from rapport.core.i18n import Message, format_datetime, msg, negotiate, request_locale
from tests.conftest import GraphQLClient

LOGIN = "mutation($i: LoginInput!) { login(input: $i) { viewer { email } userErrors { field code message } } }"
WRONG = {"i": {"email": "rep@demo.example", "password": "wrong-password"}}


def test_a_message_renders_its_template_in_each_language_with_dates_for_the_locale() -> None:
    due = datetime(2026, 12, 2, 6, 14, 41, 788887, tzinfo=UTC)  # 14:14 in Shanghai
    message = msg("Import at most {limit} leads at a time.", limit=1000)
    assert message.render("en") == "Import at most 1,000 leads at a time."
    assert message.render("zh-CN") == "每次最多导入 1,000 条线索。"
    assert format_datetime(due, "zh-CN") == "2026年12月2日 14:14"
    assert format_datetime(due, "en").replace("\u202f", " ") == "Dec 2, 2026, 2:14 PM"
    assert "2026-12-02T" not in msg("Due {due}", due=due).render("zh-CN")


def test_parameters_are_formatted_for_the_locale_and_unknown_templates_stay_english() -> None:
    text = msg(
        "Sent {count} on {day}: {names} ({state})",
        count=Decimal("12345.5"),
        day=date(2026, 1, 5),
        names=["A", "B", "C"],
        state=msg("Name the opportunity."),
    )
    assert text.render("en") == "Sent 12,345.5 on Jan 5, 2026: A, B, and C (Name the opportunity.)"
    assert text.render("zh-CN") == "Sent 12,345.5 on 2026年1月5日: A、B和C (请填写商机名称。)"
    assert str(text) == text.render("en")


def test_a_stored_message_reads_back_the_same() -> None:
    message = msg(
        "Due {due} ({n}, {amount})",
        due=datetime(2026, 1, 5, 1, 0, tzinfo=UTC),
        n=3,
        amount=Decimal("9.50"),
        nested=msg("No such team."),
        items=["x"],
    )
    assert Message.from_json(message.to_json()) == message


def test_the_reader_language_is_accept_language_then_the_users_then_chinese() -> None:
    assert negotiate("en-US,en;q=0.9,zh-CN;q=0.8") == "en"
    assert negotiate("fr, zh-Hans-CN;q=0.5, en;q=0.4") == "zh-CN"
    assert negotiate("fr, de") is None
    assert negotiate("en;q=0, zh") == "zh-CN"
    # Asked again (answered from the kept values), and past the length that is kept: the same answers.
    assert negotiate("en-US,en;q=0.9,zh-CN;q=0.8") == "en"
    long = "en;q=0.5, zh-CN;q=0.9, " + "fr-FR;q=0.1, " * 14
    assert len(long) > 200
    assert negotiate(long) == "zh-CN"
    assert request_locale("en", "zh-CN") == "en"
    assert request_locale(None, "en") == "en"
    assert request_locale("de", None) == "zh-CN"


async def test_sign_in_errors_speak_the_language_the_spa_asks_for(
    gql: GraphQLClient, client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    english = await gql(LOGIN, WRONG, headers={"accept-language": "en"})
    chinese = await gql(LOGIN, WRONG, headers={"accept-language": "zh-CN"})
    assert english["data"]["login"]["userErrors"][0]["message"] == "Email or password is wrong."
    assert chinese["data"]["login"]["userErrors"][0]["message"] == "邮箱或密码错误。"
    anonymous = await client.post(
        "/graphql", json={"query": "{ tickets { totalCount } }"}, headers={"accept-language": ""}
    )
    errors = anonymous.json()["errors"]
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (
        errors[0]["message"] == "请先登录，或以 'Authorization: Bearer' 发送 API 令牌。"
    )  # zh-CN when nothing is known


async def test_without_accept_language_a_signed_in_reader_gets_their_own_language(
    gql: GraphQLClient, client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    await gql.login("rep@demo.example")  # the demo users in tests speak English
    body = (
        await client.post("/graphql", json={"query": LOGIN, "variables": WRONG}, headers={"accept-language": ""})
    ).json()
    assert body["data"]["login"]["userErrors"][0]["message"] == "Email or password is wrong."


async def test_too_many_failed_sign_ins_are_told_in_the_readers_language(
    gql: GraphQLClient, demo: dict[str, Any]
) -> None:
    for _ in range(5):
        await gql(LOGIN, WRONG, headers={"accept-language": "zh-CN"})
    chinese = await gql(LOGIN, WRONG, headers={"accept-language": "zh-CN"})
    english = await gql(LOGIN, WRONG, headers={"accept-language": "en"})
    assert chinese["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert chinese["errors"][0]["message"].startswith("登录失败次数过多；请 ")
    assert chinese["errors"][0]["message"].endswith(" 秒后重试。")
    assert english["errors"][0]["message"].startswith("Too many failed sign-ins; try again in ")
