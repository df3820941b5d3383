"""Root query fields of consent, suppression, the marketing settings and a contact's send ledger."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.errors import NotFoundError
from rapport.core.principal import Principal
from rapport.customers.service import customer_of_contact, customers_by_ids
from rapport.customers.types import Contact
from rapport.graphql.context import Info
from rapport.graphql.declare import Contribution, computed
from rapport.graphql.kit import statement_page
from rapport.graphql.node import from_global_id, raw_id
from rapport.graphql.types import After, Connection, First
from rapport.marketing.campaigns.models import MarketingSetting
from rapport.marketing.campaigns.repository import events_of, ledger_of_contact, suppression_rows
from rapport.marketing.campaigns.types import Campaign, MarketingChannel
from rapport.marketing.consent.service import consents_of, settings_of
from rapport.marketing.consent.types import (
    ContactConsent,
    MarketingEvent,
    MarketingLedgerEntry,
    MarketingSettings,
    MarketingSuppression,
)


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


@computed("a second statement", description="Consent to marketing per channel (channels never asked are missing).")
async def contact_consents(root: Contact, info: Info) -> list[ContactConsent]:
    """The contact's consents."""
    contact_id = from_global_id(root.id, "Contact")[1]
    async with info.context.db.read() as session:
        return await consents(session, contact_id)


#: `Contact.marketingConsents`, a field marketing adds to the customers domain's type.
CONTACT_CONSENTS = Contribution(Contact, "marketing_consents", contact_consents)


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
        async with info.context.db.read() as session:
            return settings_type(await settings_of(session))

    @strawberry.field(
        description="Why did this contact get this? The contact's campaign messages, newest first (at most 200)."
    )
    async def contact_marketing_ledger(
        self, info: Info, contact_id: Annotated[strawberry.ID, strawberry.argument(description="The contact.")]
    ) -> list[MarketingLedgerEntry]:
        """A contact's ledger."""
        raw = raw_id(contact_id, "Contact")
        async with info.context.db.read() as session:
            await visible_contact(session, info.context.principal, raw)
            rows = await ledger_of_contact(session, info.context.principal, raw)
            events = await events_of(session, [message.id for message, _ in rows])
        return [
            MarketingLedgerEntry(
                campaign=Campaign.from_row(campaign),
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
            for message, campaign in rows
        ]
