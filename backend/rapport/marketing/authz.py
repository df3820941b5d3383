"""What marketing arguments read and inputs write, for the whole-document policy check (listed in its manifest)."""

from __future__ import annotations

from rapport.core.authz.rules import ArgumentRule, InputTarget, reads

INPUT_TARGETS: dict[str, InputTarget] = {
    "SegmentSaveInput": InputTarget("Segment"),
    "SegmentDeleteInput": InputTarget("Segment"),
    "SegmentFreezeInput": InputTarget("Segment"),
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

ARGUMENT_RULES: dict[tuple[str, str], ArgumentRule] = {
    ("Query.segments", "filter"): reads("Segment", {"kinds": "kind", "search": "name"}),
}
