"""Root query fields of consent, suppression, the marketing settings and a contact's send ledger."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated, Any

import strawberry
from sqlalchemy import case, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.errors import NotFoundError
from rapport.core.principal import Principal
from rapport.customers.service import customer_of_contact, customers_by_ids
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, RootField, Rows
from rapport.graphql.json_roots import answer_object, json_answer, json_root, selected_fields
from rapport.graphql.kit import statement_page
from rapport.graphql.node import raw_id
from rapport.graphql.types import After, Connection, First, page_size_or_none
from rapport.marketing.campaigns.models import MarketingSetting
from rapport.marketing.campaigns.repository import events_of, ledger_of_contact, suppression_rows
from rapport.marketing.campaigns.types import Campaign, MarketingChannel
from rapport.marketing.consent.answers import LEDGER_LIMIT, LEDGER_ROOT
from rapport.marketing.consent.service import DEFAULTS, consents_of
from rapport.marketing.consent.types import (
    ContactConsent,
    MarketingEvent,
    MarketingLedgerEntry,
    MarketingSettings,
    MarketingSuppression,
)
from rapport.marketing.journeys.types import Journey


def settings_type(row: MarketingSetting) -> MarketingSettings:
    """The settings as GraphQL shows them."""
    return MarketingSettings(
        version=row.version,
        frequency_cap_count=row.frequency_cap_count,
        frequency_cap_days=row.frequency_cap_days,
        approval_threshold=row.approval_threshold,
        quiet_start=row.quiet_start.strftime("%H:%M") if row.quiet_start else None,
        quiet_end=row.quiet_end.strftime("%H:%M") if row.quiet_end else None,
        time_zone=row.time_zone,
        email_per_second=row.email_per_second,
        sms_per_second=row.sms_per_second,
        wechat_per_second=row.wechat_per_second,
    )


def settings_answer(selected: frozenset[str] | None = None) -> Rows:
    """The marketing settings as one JSON answer (`Query.marketingSettings`, both read paths): the row's values,
    the defaults when the row is missing, quiet hours as HH:MM (`selected`: the fields read; None: every one)."""
    row = MarketingSetting
    missing = row.id.is_(None)
    fields: dict[str, object] = {}
    for key, default in DEFAULTS.items():
        name = key.split("_")[0] + "".join(part.capitalize() for part in key.split("_")[1:])
        if key in ("quiet_start", "quiet_end"):
            fields[name] = case((missing, default.strftime("%H:%M")), else_=func.to_char(getattr(row, key), "HH24:MI"))
        else:
            fields[name] = case((missing, default), else_=getattr(row, key))
    fields["version"] = case((missing, 0), else_=row.version)  # 0: never saved
    one = select(literal_column("1").label("one")).subquery("one")
    statement = select(answer_object(selected, fields)).select_from(one.outerjoin(row, row.id == 1))
    return Rows(statement)


def _settings(principal: Principal | None, arguments: Arguments) -> Rows:
    return settings_answer(selected_fields(arguments))


def _suppressions(principal: Principal | None, arguments: Arguments) -> Rows | None:
    size = page_size_or_none(arguments.get("first"))
    return None if size is None else Rows(suppression_rows().statement, suppression_rows().order_by, size)


#: The compiled root fields of consent and the settings (listed in the marketing manifest).
ROOTS = {
    "suppressions": RootField(
        "MarketingSuppression", "connection", _suppressions, arguments=frozenset({"first", "after"})
    ),
    "marketingSettings": json_root("MarketingSettings", _settings),
    "contactMarketingLedger": LEDGER_ROOT,
}


async def visible_contact(session: AsyncSession, principal: Principal | None, contact_id: uuid.UUID) -> uuid.UUID:
    """The contact's id when its customer is the caller's to see; NOT_FOUND otherwise (as for a missing one)."""
    customer_id = await customer_of_contact(session, contact_id)
    if customer_id is None or not await customers_by_ids(session, principal, [customer_id]):
        raise NotFoundError("No contact with that id.")
    return contact_id


async def consents(session: AsyncSession, contact_id: uuid.UUID) -> list[ContactConsent]:
    """A contact's consent per channel."""
    return [
        ContactConsent(
            channel=MarketingChannel(row.channel),
            granted=row.granted,
            source=row.source,
            granted_at=row.granted_at,
            revoked_at=row.revoked_at,
            updated_at=row.updated_at,
        )
        for row in await consents_of(session, [contact_id])
    ]


def _asks_for_graph(selections: Sequence[Any]) -> bool:
    """Whether a selection reads `graph` at any depth (fragments included): in a ledger, only a journey's."""
    return any(
        getattr(item, "name", None) == "graph" or _asks_for_graph(getattr(item, "selections", ()))
        for item in selections
    )


@strawberry.type
class ConsentQuery:
    """Root query fields of consent, suppression and the marketing settings."""

    @strawberry.field(description="The suppression list, newest first (addresses masked).")
    async def suppressions(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[MarketingSuppression]:
        """A page of suppressed addresses."""
        return await statement_page(info, suppression_rows(), first, after, MarketingSuppression.from_row)

    @strawberry.field(description="The marketing settings.")
    async def marketing_settings(self, info: Info) -> MarketingSettings:
        """The settings."""
        return await json_answer(info, settings_answer(), MarketingSettings)

    @strawberry.field(
        description="Why did this contact get this? The contact's campaign and journey messages, newest first (at most"
        " 200)."
    )
    async def contact_marketing_ledger(
        self, info: Info, contact_id: Annotated[strawberry.ID, strawberry.argument(description="The contact.")]
    ) -> list[MarketingLedgerEntry]:
        """A contact's ledger."""
        raw = raw_id(contact_id, "Contact")
        async with info.context.db.read() as session:
            await visible_contact(session, info.context.principal, raw)
            # A journey's graph is read only when asked for (a journey may be on every one of the rows).
            with_graph = _asks_for_graph(info.selected_fields)
            rows = await ledger_of_contact(session, info.context.principal, raw, LEDGER_LIMIT, with_graph=with_graph)
            events = await events_of(session, [message.id for message, _, _ in rows])
        return [
            MarketingLedgerEntry(
                campaign=None if campaign is None else Campaign.from_row(campaign),
                journey=None if journey is None else Journey.from_row(journey),
                channel=MarketingChannel(message.channel),
                status=message.status,
                skip_reason=message.skip_reason,
                address=message.address_masked,
                error=message.error,
                created_at=message.created_at,
                sent_at=message.sent_at,
                delivered_at=message.delivered_at,
                events=[MarketingEvent(kind=e.kind, at=e.at, machine=e.machine, url=e.url) for e in events[message.id]],
            )
            for message, campaign, journey in rows
        ]
