"""A contact's consents and send ledger as JSON in the response's form: the statements both read paths run
(`Contact.marketingConsents` derived from the contact row; the compiled `Query.contactMarketingLedger`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from rapport.core.principal import Principal
from rapport.customers.service import contacts_seen
from rapport.graphql.compiler.encode import iso_datetime
from rapport.graphql.declare import Arguments, RootField, Rows
from rapport.graphql.json_roots import selected_fields
from rapport.graphql.node import global_id_sql
from rapport.marketing.campaigns.models import (
    CHANNELS,
    Campaign,
    MarketingConsent,
    MarketingEvent,
    MarketingMessage,
)
from rapport.marketing.campaigns.types import CampaignStatus
from rapport.marketing.journeys.models import Journey
from rapport.marketing.journeys.types import JourneyStatus
from rapport.marketing.scopes import visible_campaigns, visible_journeys

#: The most ledger rows answered (newest first); the field's description says so.
LEDGER_LIMIT = 200
_EMPTY: Any = literal_column("'[]'::json")
_CHANNEL = {channel: channel.upper() for channel in CHANNELS}


def _at(column: Any) -> Any:
    return case((column.is_(None), None), else_=iso_datetime(column))


def consents_json(contact: Any) -> Any:
    """A contact's consent per channel (`Contact.marketingConsents`), by channel; channels never asked are missing."""
    row = MarketingConsent
    item = func.json_build_object(
        "channel",
        case(_CHANNEL, value=row.channel),
        "granted",
        row.granted,
        "source",
        row.source,
        "grantedAt",
        _at(row.granted_at),
        "revokedAt",
        _at(row.revoked_at),
        "updatedAt",
        _at(row.updated_at),
    )
    listed = func.coalesce(func.json_agg(aggregate_order_by(item, row.channel)), _EMPTY)
    return select(listed).where(row.contact_id == contact.id, row.channel.in_(list(CHANNELS))).scalar_subquery()


#: The fields a compiled ledger answers: the entry's and its events', and of its campaign or journey the ones
#: below (a field of Campaign or Journey not named here, e.g. a campaign's progress or a journey's graph, sends
#: the operation to the resolvers).
_ENTRY = frozenset(
    [
        "campaign",
        "journey",
        "channel",
        "status",
        "skipReason",
        "address",
        "error",
        "createdAt",
        "sentAt",
        "deliveredAt",
        "events",
    ]
)
_EVENT = frozenset(["kind", "at", "machine", "url"])
_SOURCE = frozenset(["id", "name", "status", "createdAt"])
#: Names an entry and a campaign or journey share: asked of either, the answer holds them on both.
_LEDGER_FIELDS = _ENTRY | _EVENT | _SOURCE


def _source(type_name: str, model: Any, statuses: dict[str, str], visible: Any, message_column: Any) -> Any:
    """The ledger row's campaign or journey as JSON: id, name, status and createdAt only (null: the other's row,
    or one the caller may not see)."""
    item = func.json_build_object(
        "id",
        global_id_sql(type_name, model.id),
        "name",
        model.name,
        "status",
        case(statuses, value=model.status),
        "createdAt",
        iso_datetime(model.created_at),
    )
    return select(item).where(model.id == message_column, visible).scalar_subquery()


def _events(message: Any) -> Any:
    event = MarketingEvent
    item = func.json_build_object(
        "kind", event.kind, "at", iso_datetime(event.at), "machine", event.machine, "url", event.url
    )
    order = aggregate_order_by(item, event.at, event.id)
    return select(func.coalesce(func.json_agg(order), _EMPTY)).where(event.message_id == message.id).scalar_subquery()


def ledger_answer(principal: Principal | None, contact_id: Any) -> Rows:
    """A contact's ledger rows of campaigns and journeys the caller may see, newest first (at most `LEDGER_LIMIT`),
    as one JSON list; null when the contact is missing or not the caller's to see (the compiled root then defers
    to the resolver, which answers NOT_FOUND)."""
    m = MarketingMessage
    campaign_statuses = {str(member.value): member.name for member in CampaignStatus}
    journey_statuses = {str(member.value): member.name for member in JourneyStatus}
    entry = func.json_build_object(
        "campaign",
        _source("Campaign", Campaign, campaign_statuses, visible_campaigns(principal), m.campaign_id),
        "journey",
        _source("Journey", Journey, journey_statuses, visible_journeys(principal), m.journey_id),
        "channel",
        case(_CHANNEL, value=m.channel),
        "status",
        m.status,
        "skipReason",
        m.skip_reason,
        "address",
        m.address_masked,
        "error",
        m.error,
        "createdAt",
        iso_datetime(m.created_at),
        "sentAt",
        _at(m.sent_at),
        "deliveredAt",
        _at(m.delivered_at),
        "events",
        _events(m),
    )
    shown = or_(
        and_(m.campaign_id.is_not(None), m.campaign_id.in_(select(Campaign.id).where(visible_campaigns(principal)))),
        and_(m.journey_id.is_not(None), m.journey_id.in_(select(Journey.id).where(visible_journeys(principal)))),
    )
    rows = (
        select(entry.label("entry"), m.created_at, m.id)
        .where(m.contact_id == contact_id, shown)
        .order_by(m.created_at.desc(), m.id.desc())
        .limit(LEDGER_LIMIT)
        .subquery("ledger")
    )
    listed = select(
        func.coalesce(
            func.json_agg(aggregate_order_by(rows.c.entry, rows.c.created_at.desc(), rows.c.id.desc())), _EMPTY
        )
    ).scalar_subquery()
    seen = contacts_seen(principal)
    contact = seen.column_descriptions[0]["entity"]
    return Rows(select(case((seen.where(contact.id == contact_id).exists(), listed), else_=None)))


def _ledger(principal: Principal | None, arguments: Arguments) -> Rows | None:
    selected = selected_fields(arguments)
    if selected is not None and not selected <= _LEDGER_FIELDS:
        return None  # a field of Campaign or Journey the answer does not hold: the resolvers answer it
    return ledger_answer(principal, arguments["contactId"])


#: The compiled root of a contact's ledger (listed in the marketing manifest through the consent roots).
LEDGER_ROOT = RootField(
    "MarketingLedgerEntry",
    "json",
    _ledger,
    arguments=frozenset({"contactId"}),
    global_id_arguments={"contactId": "Contact"},
    defer_when=lambda answer: answer.is_(None),
)
