"""The shipped policy's grants of the marketing domain: campaigns, consent and suppression, journeys, segments and the
marketing figures (part of `rapport.core.authz.defaults`, which renders them with the rest)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rapport.core.authz.defaults import _Rules


MARKETING_FIGURES = [
    "MarketingFigureRow.all",
    "AttributionTotal.all",
    "MarketingSpendRatio.all",
    "TouchCredit.all",
    "AttributedTouch.all",
    "ConversionAttribution.all",
]


def _marketing(r: _Rules) -> None:
    # Attribution and the marketing figures: marketing (and its managers), analysts; the roots also need order
    # amounts (an argument rule), which these roles read.
    for role in ("marketing", "analyst"):
        r.fields(role, MARKETING_FIGURES, "read")
        r.roots(role, "Query", "marketingFigures")


JOURNEY_GROUPS = [
    "Journey.all",
    "JourneyStats.all",
    "JourneyNodeStats.all",
    "JourneyEnrollment.all",
    "JourneyStep.all",
    "JourneyDryRunEntry.all",
    "JourneyDryRunMessage.all",
]


def _journeys(r: _Rules) -> None:
    # Marketing builds and runs journeys: their own team's (managers: all of them).
    r.fields("marketing", JOURNEY_GROUPS, "write")
    r.roots("marketing", "Query", "journeys")
    r.roots("marketing", "Mutation", "journeys")
    r.scope("marketing", "Journey", "team")
    r.scope("marketing_manager", "Journey", "all")
    r.fields("admin", JOURNEY_GROUPS, "write")
    r.scope("admin", "Journey", "all")


def _campaigns(r: _Rules) -> None:
    # Marketing runs campaigns of its team, records consent and suppresses addresses; managers see every
    # campaign, approve large sends and change the settings. Addresses are only ever shown masked.
    r.fields("marketing", ["Campaign.all", "Contact.marketing", "MarketingSuppression.all"], "write")
    marketing_read = ["CampaignContent.all", "CampaignCost.all", "CampaignProgress.all", "SkipCount.all"]
    marketing_read += ["ContactConsent.all", "MarketingSettings.all", "MarketingEvent.all", "MarketingLedgerEntry.all"]
    r.fields("marketing", marketing_read, "read")
    r.roots("marketing", "Query", "campaigns")
    r.roots("marketing", "Mutation", "campaignWork")
    r.scope("marketing", "Campaign", "team")
    r.fields("marketing_manager", ["MarketingSettings.all"], "write")
    r.roots("marketing_manager", "Mutation", "campaignApprove")
    r.scope("marketing_manager", "Campaign", "all")


def _segments(r: _Rules) -> None:
    # Marketing builds segments: their team's (managers and admins all); the catalogue is what "ordered product X"
    # rules name. Analysts read every segment and preview rules, and change none.
    r.fields("marketing", ["Segment.all", "SegmentPreset.all", "SegmentPreview.all"], "write")
    r.fields("marketing", ["Product.all"], "read")
    r.roots("marketing", "Query", "segments", "products")
    r.roots("marketing", "Mutation", "segmentWrite")
    r.scope("marketing", "Segment", "team")
    r.scope("marketing_manager", "Segment", "all")
    r.fields("analyst", ["Segment.all", "SegmentPreset.all", "SegmentPreview.all"], "read")
    r.roots("analyst", "Query", "segments")
    r.scope("analyst", "Segment", "all")
    r.fields("admin", ["Segment.all", "SegmentPreset.all", "SegmentPreview.all"], "write")
    r.roots("admin", "Query", "segments")
    r.roots("admin", "Mutation", "segmentWrite")


def grant(r: _Rules) -> None:
    """Every marketing grant."""
    _segments(r)
    _marketing(r)
    _campaigns(r)
    _journeys(r)
