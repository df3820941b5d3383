"""What marketing's mutation inputs write, for the whole-document policy check (listed in its manifest)."""

from __future__ import annotations

from rapport.core.authz.rules import InputTarget

INPUT_TARGETS: dict[str, InputTarget] = {
    "CampaignSaveInput": InputTarget("Campaign", {"segmentId": "segmentId"}),
    "CampaignInput": InputTarget("Campaign", {"campaignId": None}),
    "CampaignScheduleInput": InputTarget("Campaign", {"campaignId": None, "at": "scheduledAt"}),
    "CampaignCostAddInput": InputTarget(
        "Campaign", {"campaignId": None, "label": "costs", "amount": "costs", "incurredOn": "costs"}
    ),
    "CampaignCostDeleteInput": InputTarget("Campaign", {"costId": "costs"}),
    "ContactConsentSetInput": InputTarget(
        "Contact",
        {
            "contactId": None,
            "channel": "marketingConsents",
            "granted": "marketingConsents",
            "source": "marketingConsents",
        },
    ),
    "SuppressionAddInput": InputTarget("MarketingSuppression", {"address": "masked", "reason": "reason"}),
    "SuppressionRemoveInput": InputTarget("MarketingSuppression", {"suppressionId": None}),
    "MarketingSettingsInput": InputTarget("MarketingSettings", {"noQuietHours": "quietStart"}),
}
