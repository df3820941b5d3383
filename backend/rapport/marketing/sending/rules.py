"""What every send of the ledger shares: where tracked links point, the quiet hours, the merge fields' values."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rapport.config import Settings
from rapport.customers.service import Recipient
from rapport.marketing.campaigns.models import MarketingSetting


def base_url(settings: Settings) -> str:
    """Where tracked links point: PUBLIC_URL, else the local server."""
    return (settings.public_url or "http://127.0.0.1:8000").rstrip("/")


def quiet_until(setting: MarketingSetting, now: datetime) -> datetime | None:
    """When the quiet hours (in the settings' time zone) that `now` falls in end; None outside them."""
    start, end = setting.quiet_start, setting.quiet_end
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(ZoneInfo(setting.time_zone))
    at = local.timetz().replace(tzinfo=None)
    inside = start <= at < end if start < end else (at >= start or at < end)
    if not inside:
        return None
    finish = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if finish <= local:
        finish += timedelta(days=1)
    return finish


def values_of(recipient: Recipient) -> dict[str, str]:
    """The merge fields' values for a recipient."""
    return {"contact.name": recipient.name, "customer.name": recipient.customer_name}
