"""The marketing domain's field groups of the shipped policy (granted in `rapport.core.authz.defaults`)."""

from __future__ import annotations


def _names(text: str) -> list[str]:
    return text.split()


POLICY_FIELDS: dict[str, list[str]] = {
    # attribution: the figures (their roots also need order amounts: `attribution.queries.ARGUMENT_RULES`)
    "MarketingFigureRow.all": _names("campaignId channel reach responses conversions attributedRevenue cost roi"),
    "AttributionTotal.all": _names("model conversions attributedRevenue"),
    "MarketingSpendRatio.all": _names("spend salesRevenue ratio"),
    "TouchCredit.all": _names("model share revenue"),
    "AttributedTouch.all": _names("id at kind channel campaignId source medium utmCampaign credits"),
    "ConversionAttribution.all": _names("kind id customerId at revenue touches"),
    # journeys
    "Journey.all": [
        "id",
        "version",
        "name",
        "status",
        "graph",
        "allowReentry",
        "activatedAt",
        "createdAt",
        "updatedAt",
        "stats",
        "enrollments",
    ],
    "JourneyStats.all": ["entered", "active", "done", "exited", "failed", "perNode"],
    "JourneyNodeStats.all": ["nodeId", "reached", "waiting"],
    "JourneyEnrollment.all": (
        [
            "id",
            "status",
            "currentNode",
            "generation",
            "enteredAt",
            "nextRunAt",
            "finishedAt",
            "error",
            "customer",
            "steps",
        ]
    ),
    "JourneyStep.all": ["nodeId", "status", "attempts", "branch", "startedAt", "finishedAt"],
    "JourneyDryRunEntry.all": ["customer", "path", "messages"],
    "JourneyDryRunMessage.all": ["channel", "subject"],
}
