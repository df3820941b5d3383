"""The marketing domain's manifest: segments, consent and suppression, campaigns, journeys, tracking, attribution.

Each feature (`segments`, `campaigns`, `consent`, `sending`, `tracking`) holds its types, inputs, queries,
mutations, repository and service; this lists what they add to Rapport.
"""

from __future__ import annotations

from rapport.graphql.kit import node_fetcher
from rapport.manifest import Manifest
from rapport.marketing import scopes
from rapport.marketing.authz import INPUT_TARGETS
from rapport.marketing.campaigns.mutations import CampaignMutation
from rapport.marketing.campaigns.queries import CampaignQuery
from rapport.marketing.campaigns.repository import campaign_by_id
from rapport.marketing.campaigns.types import Campaign
from rapport.marketing.consent.merge import repoint_consent_on_merge
from rapport.marketing.consent.mutations import ConsentMutation
from rapport.marketing.consent.queries import CONTACT_CONSENTS, ConsentQuery
from rapport.marketing.consent.types import MarketingSuppression
from rapport.marketing.policy import POLICY_FIELDS
from rapport.marketing.sending.job import campaign_send

MANIFEST = Manifest(
    name="marketing",
    queries=(CampaignQuery, ConsentQuery),
    mutations=(CampaignMutation, ConsentMutation),
    types=(Campaign, MarketingSuppression),
    contributions=(CONTACT_CONSENTS,),
    nodes={"Campaign": node_fetcher(campaign_by_id, Campaign.from_row)},
    jobs=(campaign_send,),
    contact_merge_hooks=(repoint_consent_on_merge,),
    row_scopes=scopes.ROW_SCOPES,
    scoped_types=("Segment", "Campaign"),
    input_targets=INPUT_TARGETS,
    policy_fields=POLICY_FIELDS,
)
