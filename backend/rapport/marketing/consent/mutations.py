"""Root mutation fields of consent, suppression and the marketing settings."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Any

import strawberry

from rapport.core.errors import BadUserInputError
from rapport.graphql.context import Info
from rapport.graphql.kit import attempt, outcome
from rapport.graphql.node import raw_id
from rapport.graphql.types import INPUT, UserError
from rapport.marketing.campaigns.types import MarketingChannel
from rapport.marketing.consent import service
from rapport.marketing.consent.queries import consents, settings_type, visible_contact
from rapport.marketing.consent.types import ContactConsent, MarketingSettings, MarketingSuppression


@strawberry.input(description="A contact's consent on a channel, given or withdrawn.")
class ContactConsentSetInput:
    """Whose consent, on which channel, and where it came from."""

    contact_id: strawberry.ID = strawberry.field(description="The contact.")
    channel: MarketingChannel = strawberry.field(description="The channel.")
    granted: bool = strawberry.field(description="True: opt in (again); false: opt out.")
    source: str = strawberry.field(description="Where it came from, e.g. web_form, phone_call, paper_form.")


@strawberry.type(description="The result of `contactConsentSet`.")
class ContactConsentPayload:
    """The contact's consents as they are now."""

    consents: list[ContactConsent] | None = strawberry.field(description="Consent per channel.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.input(description="An address to put on the suppression list.")
class SuppressionAddInput:
    """The address and why."""

    address: str = strawberry.field(description="An email address or a phone number.")
    reason: str | None = strawberry.field(default=None, description="Why.")


@strawberry.input(description="An address to take off the suppression list.")
class SuppressionRemoveInput:
    """Which entry."""

    suppression_id: strawberry.ID = strawberry.field(description="The entry.")


@strawberry.type(description="The result of `suppressionAdd`.")
class SuppressionPayload:
    """The entry."""

    suppression: MarketingSuppression | None = strawberry.field(description="The suppressed address.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `suppressionRemove`.")
class SuppressionRemovePayload:
    """Whether the entry is gone."""

    removed: bool | None = strawberry.field(description="True once removed.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.input(description="Marketing settings to change; omitted ones stay as they are.")
class MarketingSettingsInput:
    """The settings."""

    version: int | None = strawberry.field(
        default=None, description="The version you read (required once the settings were saved: CONFLICT when stale)."
    )
    frequency_cap_count: int | None = strawberry.field(default=None, description="Messages per contact per period.")
    frequency_cap_days: int | None = strawberry.field(default=None, description="The period, in days.")
    approval_threshold: int | None = strawberry.field(default=None, description="Audience size needing approval.")
    quiet_start: str | None = strawberry.field(default=None, description="Quiet hours start, HH:MM.")
    quiet_end: str | None = strawberry.field(default=None, description="Quiet hours end, HH:MM.")
    no_quiet_hours: bool | None = strawberry.field(default=None, description="True: no quiet hours.")
    time_zone: str | None = strawberry.field(default=None, description="Time zone of quiet hours.")
    email_per_second: int | None = strawberry.field(default=None, description="Email send rate.")
    sms_per_second: int | None = strawberry.field(default=None, description="SMS send rate.")
    wechat_per_second: int | None = strawberry.field(default=None, description="WeChat send rate.")


@strawberry.type(description="The result of `marketingSettingsSet`.")
class MarketingSettingsPayload:
    """The settings as they are now."""

    settings: MarketingSettings | None = strawberry.field(description="The settings.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


def _time(text: str | None, field: str) -> time | None:
    if text is None:
        return None
    try:
        return time.fromisoformat(text.strip())
    except ValueError as error:
        raise BadUserInputError("Give a time as HH:MM.", field=field) from error


@strawberry.type
class ConsentMutation:
    """Root mutation fields of consent, suppression and the marketing settings."""

    @strawberry.mutation(description="Record a contact's opt-in or opt-out on a channel (re-subscribing too).")
    async def contact_consent_set(
        self, info: Info, input: Annotated[ContactConsentSetInput, INPUT]
    ) -> ContactConsentPayload:
        """Set consent."""

        async def run() -> tuple[list[ContactConsent]]:
            contact_id = raw_id(input.contact_id, "Contact")
            async with info.context.write() as session:
                await visible_contact(session, info.context.principal, contact_id)
                viewer, channel = info.context.viewer, input.channel.value
                await service.record_consent(session, viewer, contact_id, channel, input.granted, input.source)
                return (await consents(session, contact_id),)

        result = await attempt(run)  # a tuple: a bare list would read as user errors
        if isinstance(result, tuple):
            return ContactConsentPayload(consents=result[0], user_errors=[])
        return ContactConsentPayload(consents=None, user_errors=result)

    @strawberry.mutation(description="Put an address on the suppression list: nothing marketing is sent to it.")
    async def suppression_add(self, info: Info, input: Annotated[SuppressionAddInput, INPUT]) -> SuppressionPayload:
        """Suppress an address."""

        async def run() -> MarketingSuppression:
            async with info.context.write() as session:
                row = await service.suppress(session, info.context.viewer, input.address, input.reason)
            return MarketingSuppression.from_row(row)

        return await outcome(SuppressionPayload, "suppression", run)

    @strawberry.mutation(description="Take an address off the suppression list.")
    async def suppression_remove(
        self, info: Info, input: Annotated[SuppressionRemoveInput, INPUT]
    ) -> SuppressionRemovePayload:
        """Remove a suppression."""

        async def run() -> bool:
            suppression_id = raw_id(input.suppression_id, "MarketingSuppression")
            async with info.context.write() as session:
                await service.unsuppress(session, info.context.viewer, suppression_id)
            return True

        return await outcome(SuppressionRemovePayload, "removed", run)

    @strawberry.mutation(description="Change the marketing settings.")
    async def marketing_settings_set(
        self, info: Info, input: Annotated[MarketingSettingsInput, INPUT]
    ) -> MarketingSettingsPayload:
        """Change settings."""

        async def run() -> MarketingSettings:
            values: dict[str, Any] = {
                key: getattr(input, key)
                for key in (
                    "frequency_cap_count",
                    "frequency_cap_days",
                    "approval_threshold",
                    "time_zone",
                    "email_per_second",
                    "sms_per_second",
                    "wechat_per_second",
                )
            }
            values["quiet_start"] = _time(input.quiet_start, "quietStart")
            values["quiet_end"] = _time(input.quiet_end, "quietEnd")
            values["clear_quiet_hours"] = bool(input.no_quiet_hours)
            async with info.context.write() as session:
                saved = await service.save_settings(session, info.context.viewer, values, input.version)
                return settings_type(saved)

        return await outcome(MarketingSettingsPayload, "settings", run)
