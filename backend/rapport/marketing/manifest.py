"""The marketing domain's manifest: segments, consent and suppression, campaigns, journeys, tracking, attribution.

Each feature (`segments`, `consent`, `campaigns`, `sending`, `tracking`, `journeys`, `attribution`) holds its types,
inputs, queries, mutations, repository and service; this lists what they add to Rapport.
"""

from __future__ import annotations

from rapport.core.authz.rules import InputTarget
from rapport.graphql.declare import Table
from rapport.graphql.kit import node_fetcher
from rapport.manifest import Manifest
from rapport.marketing import authz, scopes
from rapport.marketing import models as segment_models
from rapport.marketing.attribution.queries import ARGUMENT_RULES as ATTRIBUTION_RULES
from rapport.marketing.attribution.queries import AttributionQuery
from rapport.marketing.attribution.touches import move_on_merge
from rapport.marketing.campaigns import models as campaign_models
from rapport.marketing.campaigns.mutations import CampaignMutation
from rapport.marketing.campaigns.queries import ROOTS as CAMPAIGN_ROOTS
from rapport.marketing.campaigns.queries import CampaignQuery
from rapport.marketing.campaigns.repository import campaign_by_id
from rapport.marketing.campaigns.types import Campaign
from rapport.marketing.consent.merge import repoint_consent_on_merge
from rapport.marketing.consent.mutations import ConsentMutation
from rapport.marketing.consent.queries import ROOTS as CONSENT_ROOTS
from rapport.marketing.consent.queries import ConsentQuery
from rapport.marketing.consent.types import CONTACT_CONSENTS, MarketingSuppression
from rapport.marketing.jobs import lead_touches
from rapport.marketing.journeys import models as journey_models
from rapport.marketing.journeys.jobs import journey_steps, journey_triggers
from rapport.marketing.journeys.mutations import JourneyMutation
from rapport.marketing.journeys.queries import JOURNEY_NODE, JourneyQuery
from rapport.marketing.journeys.queries import ROOTS as JOURNEY_ROOTS
from rapport.marketing.journeys.tracking import ROUTES as TRACKING_ROUTES
from rapport.marketing.journeys.types import Journey, JourneyEnrollment
from rapport.marketing.policy import POLICY_FIELDS
from rapport.marketing.privacy import PRIVACY_PARTS, move_on_customer_merge, repoint_on_contact_merge
from rapport.marketing.segments.mutations import SegmentMutation
from rapport.marketing.segments.queries import ROOTS as SEGMENT_ROOTS
from rapport.marketing.segments.queries import SegmentQuery
from rapport.marketing.segments.repository import segment_by_id
from rapport.marketing.segments.types import Segment
from rapport.marketing.sending.job import campaign_send
from rapport.marketing.tracking.http import ROUTES as CAMPAIGN_ROUTES

MANIFEST = Manifest(
    name="marketing",
    queries=(SegmentQuery, CampaignQuery, ConsentQuery, JourneyQuery, AttributionQuery),
    mutations=(SegmentMutation, CampaignMutation, ConsentMutation, JourneyMutation),
    types=(Segment, Campaign, MarketingSuppression, Journey),
    # The types compiled reads reach.
    tables=(
        Table(Segment, segment_models.Segment),
        Table(Campaign, campaign_models.Campaign),
        Table(MarketingSuppression, campaign_models.MarketingSuppression),
        Table(Journey, journey_models.Journey),
        Table(JourneyEnrollment, journey_models.JourneyEnrollment),
    ),
    roots={**CAMPAIGN_ROOTS, **CONSENT_ROOTS, **JOURNEY_ROOTS, **SEGMENT_ROOTS},
    contributions=(CONTACT_CONSENTS,),
    nodes={
        "Segment": node_fetcher(segment_by_id, Segment.from_row),
        "Campaign": node_fetcher(campaign_by_id, Campaign.from_row),
        "Journey": JOURNEY_NODE,
    },
    jobs=(campaign_send, journey_triggers, journey_steps, lead_touches),
    privacy_parts=PRIVACY_PARTS,
    merge_hooks=(move_on_merge, move_on_customer_merge),
    contact_merge_hooks=(repoint_consent_on_merge, repoint_on_contact_merge),
    row_scopes=scopes.ROW_SCOPES,
    scoped_types=("Segment", "Campaign", "Journey"),
    argument_rules={**authz.ARGUMENT_RULES, **ATTRIBUTION_RULES},
    input_targets={
        **authz.INPUT_TARGETS,
        "JourneySaveInput": InputTarget("Journey"),
        "JourneyStatusInput": InputTarget("Journey", {"version": None}),
        "JourneyDeleteInput": InputTarget("Journey", {"version": None}),
        "JourneyDryRunInput": InputTarget("Journey", {"limit": None}),
    },
    policy_fields=POLICY_FIELDS,
    routes=(*CAMPAIGN_ROUTES, *TRACKING_ROUTES),
)
