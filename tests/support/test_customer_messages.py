"""What customers are told by email, through a real SMTP sink: the acknowledgement, each public reply, the
resolution with a signed, single-use survey link; in the contact's language; never an internal note."""

from __future__ import annotations

import re
from typing import Any

import httpx
from sqlalchemy import select

from rapport.core.db import Database
from rapport.core.mail.delivery import backoff
from rapport.core.mail.models import OutboundEmail
from rapport.customers.models import Contact
from tests.conftest import GraphQLClient
from tests.mail_sink import MailSink
from tests.support.conftest import Desk, emailed_survey_url, mutate, open_ticket

WANG = "wang@contoso.cn"
SUBMIT = "mutation($i: SurveySubmitInput!) { surveySubmit(input: $i) { accepted userErrors { field message } } }"
COMMENT = "comment { id } userErrors { field message }"
RESOLVE = "surveyUrl ticket { status } userErrors { field code message }"


async def _set_language(db: Database, desk: Desk, language: str) -> None:
    async with db.write() as session:
        contact = await session.get(Contact, desk.raw["contact"])
        assert contact is not None
        contact.language = language


async def _work_ticket(gql: GraphQLClient, desk: Desk, **values: Any) -> dict[str, Any]:
    """A ticket of the desk's customer, opened by the supervisor, assigned to the agent who starts it."""
    await gql.login("supervisor@demo.example")
    ticket = await open_ticket(gql, desk, **values)
    await mutate(gql, "ticketAssign", "TicketAssignInput", {"id": ticket["id"], "agentId": desk.agent_id})
    await gql.login("agent@demo.example")
    await mutate(gql, "ticketStart", "TicketActionInput", {"id": ticket["id"]})
    return ticket


def _survey_token(text: str) -> str:
    match = re.search(r"/survey/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)", text)
    assert match, text
    return match.group(1)


async def test_acknowledgement_reply_and_resolution_reach_the_contact_in_chinese(
    gql: GraphQLClient, desk: Desk, db: Database, smtp_sink: MailSink
) -> None:
    ticket = await _work_ticket(gql, desk)
    number = ticket["number"]
    await mutate(
        gql, "ticketComment", "TicketCommentInput", {"id": ticket["id"], "body": "请重启打印机后再试。"}, COMMENT
    )
    resolved = await mutate(gql, "ticketResolve", "TicketActionInput", {"id": ticket["id"]}, RESOLVE)
    assert resolved["userErrors"] == []
    assert resolved["surveyUrl"] is None  # the link is the customer's: emailed, not handed to the agent
    survey_url = await emailed_survey_url(db, ticket["id"])

    assert (await smtp_sink.deliver())["sent"] == 3
    ack, reply, resolution = smtp_sink.to(WANG)
    assert all(m.headers["Content-Language"] == "zh-CN" for m in (ack, reply, resolution))
    assert [m.headers["X-Rapport-Kind"] for m in (ack, reply, resolution)] == [
        "ticket.acknowledged",
        "ticket.replied",
        "ticket.resolved",
    ]
    assert ack.subject == f"【{number}】我们已收到您的服务请求：打印机无法连接"
    assert "王芳，您好" in ack.text and number in ack.text and "年" in ack.text  # a date as zh-CN writes it
    assert ack.html is not None and "<td>打印机无法连接</td>" in ack.html  # the ticket's subject, not the email's
    assert reply.subject == f"【{number}】客服回复了您的工单：打印机无法连接"
    assert "请重启打印机后再试。" in reply.text
    assert reply.html is not None and "请重启打印机后再试。" in reply.html
    assert resolution.subject == f"【{number}】您的工单已解决，请为我们的服务评分"
    assert survey_url in resolution.text  # the agent no longer pastes it: the customer has it
    assert resolution.html is not None and survey_url in resolution.html
    assert "仅可使用一次" in resolution.text


async def test_an_english_contact_is_written_to_in_english(
    gql: GraphQLClient, desk: Desk, db: Database, smtp_sink: MailSink
) -> None:
    await _set_language(db, desk, "en")
    ticket = await _work_ticket(gql, desk)
    await mutate(
        gql, "ticketComment", "TicketCommentInput", {"id": ticket["id"], "body": "Please restart it."}, COMMENT
    )
    resolved = await mutate(gql, "ticketResolve", "TicketActionInput", {"id": ticket["id"]}, RESOLVE)
    assert resolved["surveyUrl"] is None
    survey_url = await emailed_survey_url(db, ticket["id"])

    await smtp_sink.deliver()
    ack, reply, resolution = smtp_sink.to(WANG)
    assert all(m.headers["Content-Language"] == "en" for m in (ack, reply, resolution))
    assert ack.subject == f"[{ticket['number']}] We have received your request: 打印机无法连接"
    assert "Dear 王芳" in ack.text and "service message" in ack.text
    assert re.search(r"Received: [A-Z][a-z]{2} \d+, \d{4}", ack.text)  # a date as English writes it
    assert reply.subject.startswith(f"[{ticket['number']}] Our service team replied")
    assert "Please restart it." in reply.text
    assert resolution.subject == f"[{ticket['number']}] Your ticket is resolved: please rate our service"
    assert survey_url in resolution.text and "works once" in resolution.text


async def test_internal_notes_and_the_customers_own_replies_are_never_emailed(
    gql: GraphQLClient, desk: Desk, smtp_sink: MailSink
) -> None:
    ticket = await _work_ticket(gql, desk)
    note = {"id": ticket["id"], "body": "内部：客户是VIP，注意语气", "public": False}
    assert (await mutate(gql, "ticketComment", "TicketCommentInput", note, COMMENT))["userErrors"] == []
    await gql.login("supervisor@demo.example")
    account = {"contactId": desk.contact_id, "email": WANG, "password": "portal-pass-1"}
    await mutate(gql, "portalAccountCreate", "PortalAccountCreateInput", account, "userErrors { message }")
    await gql.login(WANG, "portal-pass-1")
    own = {"id": ticket["id"], "body": "我自己的回复"}
    assert (await mutate(gql, "ticketComment", "TicketCommentInput", own, COMMENT))["userErrors"] == []

    await smtp_sink.deliver()
    [ack] = smtp_sink.messages
    assert ack.headers["X-Rapport-Kind"] == "ticket.acknowledged"
    assert all("内部" not in m.text and "VIP" not in (m.html or "") for m in smtp_sink.messages)


async def test_the_emailed_survey_link_works_once_and_a_reopened_ticket_gets_a_fresh_one(
    gql: GraphQLClient, client: httpx.AsyncClient, desk: Desk, smtp_sink: MailSink
) -> None:
    ticket = await _work_ticket(gql, desk)
    await mutate(gql, "ticketResolve", "TicketActionInput", {"id": ticket["id"]}, RESOLVE)
    await smtp_sink.deliver()
    first = _survey_token(smtp_sink.messages[-1].text)

    # Rated 2 stars through the emailed link: accepted once, the ticket reopens, the link is spent.
    client.cookies.clear()
    assert (await gql(SUBMIT, {"i": {"token": first, "rating": 2}}))["data"]["surveySubmit"]["accepted"] is True
    again = (await gql(SUBMIT, {"i": {"token": first, "rating": 5}}))["data"]["surveySubmit"]
    assert again["accepted"] is False and "already" in again["userErrors"][0]["message"]

    # Resolved again: a fresh link is emailed; it differs and works; the first one still does not.
    await gql.login("supervisor@demo.example")
    await mutate(gql, "ticketAssign", "TicketAssignInput", {"id": ticket["id"], "agentId": desk.agent_id})
    await gql.login("agent@demo.example")
    await mutate(gql, "ticketStart", "TicketActionInput", {"id": ticket["id"]})
    await mutate(gql, "ticketResolve", "TicketActionInput", {"id": ticket["id"]}, RESOLVE)
    await smtp_sink.deliver()
    second = _survey_token(smtp_sink.messages[-1].text)
    assert second != first
    client.cookies.clear()
    assert (await gql(SUBMIT, {"i": {"token": second, "rating": 5}}))["data"]["surveySubmit"]["accepted"] is True
    assert (await gql(SUBMIT, {"i": {"token": first, "rating": 5}}))["data"]["surveySubmit"]["accepted"] is False


async def test_a_link_not_used_before_the_ticket_is_reopened_and_resolved_again_stops_working(
    gql: GraphQLClient, client: httpx.AsyncClient, desk: Desk, smtp_sink: MailSink
) -> None:
    ticket = await _work_ticket(gql, desk)
    await mutate(gql, "ticketResolve", "TicketActionInput", {"id": ticket["id"]}, RESOLVE)
    await smtp_sink.deliver()
    unused = _survey_token(smtp_sink.messages[-1].text)
    await gql.login("supervisor@demo.example")
    reopened = await mutate(gql, "ticketReopen", "TicketReasonInput", {"id": ticket["id"], "reason": "客户来电"})
    assert reopened["userErrors"] == []
    client.cookies.clear()
    assert (await gql(SUBMIT, {"i": {"token": unused, "rating": 5}}))["data"]["surveySubmit"]["accepted"] is False

    # Resolved again: the unused link has expired, the new one rates.
    await gql.login("supervisor@demo.example")
    await mutate(gql, "ticketAssign", "TicketAssignInput", {"id": ticket["id"], "agentId": desk.agent_id})
    await gql.login("agent@demo.example")
    await mutate(gql, "ticketStart", "TicketActionInput", {"id": ticket["id"]})
    await mutate(gql, "ticketResolve", "TicketActionInput", {"id": ticket["id"]}, RESOLVE)
    await smtp_sink.deliver()
    fresh = _survey_token(smtp_sink.messages[-1].text)
    client.cookies.clear()
    state = "query($t: String!) { survey(token: $t) { expired canRate } }"
    assert (await gql(state, {"t": unused}))["data"]["survey"] == {"expired": True, "canRate": False}
    refused = (await gql(SUBMIT, {"i": {"token": unused, "rating": 5}}))["data"]["surveySubmit"]
    assert refused["accepted"] is False and "expired" in refused["userErrors"][0]["message"]
    assert (await gql(SUBMIT, {"i": {"token": fresh, "rating": 5}}))["data"]["surveySubmit"]["accepted"] is True


async def test_rating_in_the_portal_spends_the_emailed_link(
    gql: GraphQLClient, client: httpx.AsyncClient, desk: Desk, db: Database, smtp_sink: MailSink
) -> None:
    await gql.login("supervisor@demo.example")
    account = {"contactId": desk.contact_id, "email": WANG, "password": "portal-pass-1", "locale": "en"}
    await mutate(gql, "portalAccountCreate", "PortalAccountCreateInput", account, "userErrors { message }")
    async with db.read() as session:
        assert (await session.get(Contact, desk.raw["contact"])).language == "en"  # type: ignore[union-attr]
    ticket = await _work_ticket(gql, desk)
    await mutate(gql, "ticketResolve", "TicketActionInput", {"id": ticket["id"]}, RESOLVE)
    await smtp_sink.deliver()
    resolution = smtp_sink.messages[-1]
    assert resolution.headers["Content-Language"] == "en"  # the portal account's language
    assert "/portal/tickets/" in resolution.text  # a contact with a portal account is shown the way there
    token = _survey_token(resolution.text)

    await gql.login(WANG, "portal-pass-1")
    rated = await mutate(
        gql,
        "ticketRate",
        "TicketRateInput",
        {"id": ticket["id"], "rating": 4},
        "ticket { status } userErrors { field }",
    )
    assert rated["userErrors"] == [] and rated["ticket"]["status"] == "CLOSED"
    client.cookies.clear()
    assert (await gql(SUBMIT, {"i": {"token": token, "rating": 1}}))["data"]["surveySubmit"]["accepted"] is False


async def test_the_ticket_lists_what_the_customer_was_sent_and_the_portal_sees_it_without_errors(
    gql: GraphQLClient, desk: Desk, smtp_sink: MailSink
) -> None:
    ticket = await _work_ticket(gql, desk)
    smtp_sink.refuse_next(1)
    await smtp_sink.deliver()
    query = "query($id: ID!) { ticket(id: $id) { customerMessages { kind subject language status sentAt error } } }"
    [queued] = (await gql(query, {"id": ticket["id"]}))["data"]["ticket"]["customerMessages"]
    assert queued["kind"] == "ticket.acknowledged" and queued["status"] == "QUEUED" and queued["sentAt"] is None
    assert queued["error"].startswith("451") and queued["subject"].endswith("打印机无法连接")

    await gql.login("supervisor@demo.example")
    account = {"contactId": desk.contact_id, "email": WANG, "password": "portal-pass-1"}
    await mutate(gql, "portalAccountCreate", "PortalAccountCreateInput", account, "userErrors { message }")
    await gql.login(WANG, "portal-pass-1")
    portal = await gql(
        "query($id: ID!) { ticket(id: $id) { customerMessages { kind subject status } } }", {"id": ticket["id"]}
    )
    assert portal["data"]["ticket"]["customerMessages"] == [
        {"kind": "ticket.acknowledged", "subject": queued["subject"], "status": "QUEUED"}
    ]
    denied = await gql(query, {"id": ticket["id"]})
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # the delivery error is for the staff


async def test_delivery_after_a_refusal_sends_each_message_once(
    gql: GraphQLClient, desk: Desk, db: Database, smtp_sink: MailSink
) -> None:
    await _work_ticket(gql, desk)
    smtp_sink.refuse_next(1)
    assert await smtp_sink.deliver() == {"sent": 0, "retry": 1, "failed": 0}
    async with db.read() as session:
        row = (await session.scalars(select(OutboundEmail))).one()
    later = row.next_attempt_at
    assert later == row.created_at + backoff(1) or later > row.created_at
    assert await smtp_sink.deliver(later) == {"sent": 1, "retry": 0, "failed": 0}
    assert await smtp_sink.deliver(later + backoff(5)) == {"sent": 0, "retry": 0, "failed": 0}
    assert len(smtp_sink.to(WANG)) == 1


async def test_without_a_ticket_contact_the_primary_contact_is_written_to(
    gql: GraphQLClient, desk: Desk, db: Database, smtp_sink: MailSink
) -> None:
    async with db.write() as session:
        primary = await session.get(Contact, desk.raw["contact"])
        assert primary is not None
        primary.is_primary = True
    await gql.login("supervisor@demo.example")
    await open_ticket(gql, desk, contactId=None)
    await smtp_sink.deliver()
    assert [m.to for m in smtp_sink.messages] == [[WANG]]


async def test_no_email_address_means_no_email_and_the_ticket_is_still_opened(
    gql: GraphQLClient, desk: Desk, db: Database, smtp_sink: MailSink
) -> None:
    await gql.login("rep@demo.example")
    update = {"id": desk.contact_id, "version": 1, "emails": []}
    changed = await mutate(
        gql, "contactUpdate", "ContactUpdateInput", update, "contact { language } userErrors { message }"
    )
    assert changed["userErrors"] == [] and changed["contact"]["language"] == "zh-CN"
    await gql.login("supervisor@demo.example")
    ticket = await open_ticket(gql, desk)
    assert ticket["status"]
    await smtp_sink.deliver()
    assert smtp_sink.messages == []


async def test_a_contacts_language_is_chosen_from_the_languages_rapport_writes_in(
    gql: GraphQLClient, desk: Desk
) -> None:
    await gql.login("rep@demo.example")
    fields = "contact { language } userErrors { field message }"
    wrong = await mutate(
        gql, "contactUpdate", "ContactUpdateInput", {"id": desk.contact_id, "version": 1, "language": "fr"}, fields
    )
    assert wrong["userErrors"][0]["field"] == "language" and wrong["contact"] is None
    right = await mutate(
        gql, "contactUpdate", "ContactUpdateInput", {"id": desk.contact_id, "version": 1, "language": "en"}, fields
    )
    assert right == {"contact": {"language": "en"}, "userErrors": []}
