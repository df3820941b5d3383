"""Recording touches: the service API campaigns, tracking and web forms call, and the web-form job's body.

`record_touch` is how other marketing features (sending, tracking) record that a customer was reached; a touch
with a `key` is recorded once however often it is reported. Web forms reach marketing through the leads they
create: `sync_lead_touches` (a periodic job) turns every lead into one `lead_form` touch, keyed by the lead.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import String, Table, case, cast, exists, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.ids import uuid7
from rapport.marketing.models import TOUCH_KINDS, MarketingTouch
from rapport.sales.service import lead_touch_rows

#: A UTM campaign that is a campaign's id links a web form's touch to that campaign.
UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


async def record_touch(
    session: AsyncSession,
    *,
    customer_id: uuid.UUID | None,
    contact_id: uuid.UUID | None = None,
    at: datetime,
    kind: str,
    channel: str | None = None,
    campaign_id: uuid.UUID | None = None,
    source: str | None = None,
    medium: str | None = None,
    utm_campaign: str | None = None,
    message_id: uuid.UUID | None = None,
    lead_id: uuid.UUID | None = None,
    key: str | None = None,
) -> bool:
    """Record a touch in the caller's transaction; False when a touch with the same `key` exists already.

    `kind` is one of `TOUCH_KINDS`; `campaign_id` names a campaign (no foreign key). Give `key` (e.g.
    `open:<message id>`) where the same event may be reported twice."""
    if kind not in TOUCH_KINDS:
        raise ValueError(f"Unknown touch kind {kind!r}; use one of {', '.join(TOUCH_KINDS)}.")
    values = {
        "id": uuid7(),
        "customer_id": customer_id,
        "contact_id": contact_id,
        "lead_id": lead_id,
        "at": at,
        "kind": kind,
        "channel": channel,
        "campaign_id": campaign_id,
        "source": source,
        "medium": medium,
        "utm_campaign": utm_campaign,
        "message_id": message_id,
        "key": key,
    }
    result = await session.execute(
        insert(MarketingTouch)
        .values(values)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(MarketingTouch.id)
    )
    return result.first() is not None


async def record_touches(session: AsyncSession, touches: list[dict[str, Any]]) -> None:
    """Record many touches in the caller's transaction with one statement (e.g. a batch of delivered messages);
    each a dict of `record_touch`'s arguments with a `key`. Touches whose key exists already are left out."""
    if not touches:
        return
    for touch in touches:
        if touch["kind"] not in TOUCH_KINDS:
            raise ValueError(f"Unknown touch kind {touch['kind']!r}; use one of {', '.join(TOUCH_KINDS)}.")
    columns = ("customer_id", "contact_id", "lead_id", "at", "kind", "channel", "campaign_id", "source", "medium")
    rows = [
        {"id": uuid7(), **dict.fromkeys((*columns, "utm_campaign", "message_id", "key")), **touch} for touch in touches
    ]
    # Executemany of one cached statement (a VALUES list of a thousand rows would be compiled afresh each time).
    table: Table = MarketingTouch.__table__  # type: ignore[assignment]
    await session.execute(insert(table).on_conflict_do_nothing(index_elements=["key"]), rows)


def lead_key(lead_id: Any) -> Any:
    """The key of a lead's touch (`lead:<id>`), as an SQL expression of the lead's id column."""
    return literal("lead:") + cast(lead_id, String)


async def sync_lead_touches(session: AsyncSession) -> dict[str, int]:
    """One `lead_form` touch per lead (idempotent), and each lead touch's customer kept equal to its lead's.

    The channel is the UTM medium, else the lead's source (web, expo...); a UTM campaign that is a campaign's id
    sets `campaign_id`."""
    lead = lead_touch_rows().subquery("lead")
    campaign = case(
        (lead.c.utm_campaign.op("~")(UUID_PATTERN), cast(lead.c.utm_campaign, MarketingTouch.campaign_id.type))
    )
    missing = select(
        func.gen_random_uuid(),
        lead.c.customer_id,
        lead.c.id,
        lead.c.at,
        literal("lead_form"),
        func.coalesce(lead.c.utm_medium, lead.c.source),
        campaign,
        lead.c.utm_source,
        lead.c.utm_medium,
        lead.c.utm_campaign,
        lead_key(lead.c.id),
    ).where(~exists().where(MarketingTouch.key == lead_key(lead.c.id)))
    columns = ["id", "customer_id", "lead_id", "at", "kind", "channel", "campaign_id", "source", "medium"]
    created = await session.execute(
        insert(MarketingTouch)
        .from_select([*columns, "utm_campaign", "key"], missing)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    relinked = await session.execute(
        update(MarketingTouch)
        .where(
            MarketingTouch.lead_id == lead.c.id,
            lead.c.customer_id.is_not(None),
            or_(MarketingTouch.customer_id.is_(None), MarketingTouch.customer_id != lead.c.customer_id),
        )
        .values(customer_id=lead.c.customer_id)
        .execution_options(synchronize_session=False)
    )
    return {"created": created.rowcount, "relinked": relinked.rowcount}  # type: ignore[attr-defined]


async def move_on_merge(session: AsyncSession, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> dict[str, int]:
    """A merged customer's touches become the survivor's."""
    result = await session.execute(
        update(MarketingTouch)
        .where(MarketingTouch.customer_id == merged_id)
        .values(customer_id=survivor_id)
        .execution_options(synchronize_session=False)
    )
    return {"marketing_touches": result.rowcount}  # type: ignore[attr-defined]
