"""A data subject's marketing rows: touches, page views and journey enrollments in their export and erasure (the
manifest lists the parts), and the merges that move page views and enrollments to the surviving customer or contact.

Consents and the send ledger (`marketing_message`) are in the export too; an erasure keeps consents (an opt-out must
outlive the person's other data) and the ledger's rows without their address, error text and content; the contact
merge moves them (`consent.merge`)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.principal import Principal
from rapport.manifest import PrivacyPart
from rapport.marketing import data_subject


async def export_touches(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> list[dict[str, Any]]:
    """The moments marketing reached the customer (messages delivered, opened, clicked; forms; visits)."""
    return [data_subject.columns(row) for row in await data_subject.touches_of(session, customer_id)]


async def export_page_views(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID
) -> list[dict[str, Any]]:
    """The pages of the company's sites the customer's contacts viewed: when, which, from where."""
    return [data_subject.columns(row) for row in await data_subject.page_views_of(session, customer_id)]


async def export_enrollments(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID
) -> list[dict[str, Any]]:
    """The customer's ways through journeys, each with the steps it ran."""
    return [
        {
            **data_subject.columns(row),
            "steps": [
                {
                    "node": run.node_id,
                    "status": run.status,
                    "started_at": run.started_at,
                    "finished_at": run.finished_at,
                }
                for run in steps
            ],
        }
        for row, steps in await data_subject.enrollments_of(session, customer_id)
    ]


async def erase_touches(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Touches forget the contact and lead; they stay with the anonymised customer (campaigns keep their orders)."""
    return await data_subject.erase_touches(session, customer_id)


async def erase_page_views(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Page views are deleted, with the anonymous ones of the same browsers."""
    return await data_subject.erase_page_views(session, customer_id)


async def erase_enrollments(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Enrollments leave their journeys and forget the contact and what their steps recorded."""
    return await data_subject.erase_enrollments(session, customer_id, clock.now())


async def export_consents(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> list[dict[str, Any]]:
    """Each contact's consent per channel (source, since when, opted out when) and its history of changes."""
    return await data_subject.consents_of(session, customer_id)


async def erase_consents(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Kept: an opt-out must outlive the person's other data (consent is proof, and what stops a later send)."""
    return 0


async def export_messages(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> list[dict[str, Any]]:
    """The send ledger: what campaigns and journeys sent to the contacts (or held back, and why), with the opens,
    clicks, bounces and unsubscribes tracked."""
    return await data_subject.messages_of(session, customer_id)


async def erase_messages(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """The ledger keeps its rows (campaign counts) without the masked address, the error text and the content."""
    return await data_subject.erase_messages(session, customer_id)


PRIVACY_PARTS = (
    PrivacyPart("marketingConsents", export_consents, erase_consents),
    PrivacyPart("marketingMessages", export_messages, erase_messages),
    PrivacyPart("marketingTouches", export_touches, erase_touches),
    PrivacyPart("pageViews", export_page_views, erase_page_views),
    PrivacyPart("journeyEnrollments", export_enrollments, erase_enrollments),
)


async def move_on_customer_merge(session: AsyncSession, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> dict[str, int]:
    """Customer merge hook: the merged customer's send ledger, page views and journey enrollments become the
    survivor's (of an entry into a journey both made, the more advanced stays): its export and erasure find them."""
    return {
        "marketing_messages": await data_subject.move_messages(session, survivor_id, merged_id),
        "page_views": await data_subject.move_page_views(session, survivor_id, merged_id),
        "journey_enrollments": await data_subject.move_enrollments(session, survivor_id, merged_id),
    }


async def repoint_on_contact_merge(
    session: AsyncSession, kept_id: uuid.UUID, duplicate_id: uuid.UUID
) -> Mapping[str, int]:
    """Contact merge hook: the duplicate's touches, page views and enrollments become the kept contact's (else the
    duplicate's deletion would leave them with no contact)."""
    return await data_subject.repoint_contact(session, kept_id, duplicate_id)
