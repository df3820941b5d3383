"""The sales domain's manifest: leads, the pipeline with its approvals, the public pool, and figures.

Each feature (`leads`, `pipeline`, `pool`, `figures`) holds its types, inputs, queries, mutations, repository and
service; this lists what they add to Rapport. Root fields appear in the schema in the order of the classes here.
"""

from __future__ import annotations

from rapport.customers.service import customer_model
from rapport.graphql.declare import Table
from rapport.graphql.kit import node_fetcher
from rapport.manifest import CustomerEvent, Manifest, TimelineSource
from rapport.sales import authz, models, scopes
from rapport.sales.figures.mutations import FigureAdminMutation
from rapport.sales.figures.queries import ROOTS as FIGURE_ROOTS
from rapport.sales.figures.queries import FigureAdminQuery, FigureQuery
from rapport.sales.figures.types import SalesTarget
from rapport.sales.leads.mutations import LeadAdminMutation, LeadMutation
from rapport.sales.leads.privacy import LEADS
from rapport.sales.leads.queries import ROOTS as LEAD_ROOTS
from rapport.sales.leads.queries import LeadAdminQuery, LeadQuery
from rapport.sales.leads.repository import lead_by_id
from rapport.sales.leads.service import ENCRYPTED
from rapport.sales.leads.types import CUSTOMER_LEADS, Lead, LeadRule
from rapport.sales.lines import authz as line_authz
from rapport.sales.lines.mutations import LineMutation
from rapport.sales.lines.types import OpportunityLine
from rapport.sales.merge import move_on_merge
from rapport.sales.pipeline.mutations import PipelineAdminMutation, PipelineMutation
from rapport.sales.pipeline.queries import ROOTS as PIPELINE_ROOTS
from rapport.sales.pipeline.queries import PipelineQuery
from rapport.sales.pipeline.repository import opportunity_by_id, stage_change_entries
from rapport.sales.pipeline.types import (
    ACTIVITY_OPPORTUNITY,
    CUSTOMER_OPPORTUNITIES,
    TASK_OPPORTUNITY,
    Approval,
    Opportunity,
    PipelineStage,
    StageChangeEntry,
)
from rapport.sales.policy import POLICY_FIELDS
from rapport.sales.pool.jobs import pool_reclaim
from rapport.sales.pool.mutations import PoolAdminMutation, PoolMutation
from rapport.sales.pool.queries import ROOTS as POOL_ROOTS
from rapport.sales.pool.queries import PoolAdminQuery, PoolQuery
from rapport.sales.pool.repository import last_won_deal_at, pool_movement_entries
from rapport.sales.pool.types import CUSTOMER_POOL_DAYS_LEFT, PoolCustomer, PoolMovementEntry, PoolRule

MANIFEST = Manifest(
    name="sales",
    queries=(LeadQuery, PipelineQuery, PoolQuery, FigureQuery, LeadAdminQuery, PoolAdminQuery, FigureAdminQuery),
    mutations=(
        LeadMutation,
        PipelineMutation,
        LineMutation,
        PoolMutation,
        LeadAdminMutation,
        PipelineAdminMutation,
        PoolAdminMutation,
        FigureAdminMutation,
    ),
    types=(
        Lead,
        Opportunity,
        OpportunityLine,
        PipelineStage,
        Approval,
        PoolCustomer,
        LeadRule,
        PoolRule,
        SalesTarget,
        StageChangeEntry,
        PoolMovementEntry,
    ),
    # The types compiled reads reach, and the timeline's entry types (the timeline builds its entries from rows of
    # their tables).
    tables=(
        Table(Lead, models.Lead),
        Table(PipelineStage, models.PipelineStage),
        Table(Opportunity, models.Opportunity),
        Table(OpportunityLine, models.OpportunityLine),
        Table(Approval, models.Approval),
        Table(StageChangeEntry, models.StageChange),
        Table(PoolMovementEntry, models.PoolMovement),
        Table(PoolCustomer, customer_model()),
        Table(LeadRule, models.LeadRule),
        Table(PoolRule, models.PoolRule),
        Table(SalesTarget, models.SalesTarget),
    ),
    contributions=(
        CUSTOMER_OPPORTUNITIES,
        CUSTOMER_LEADS,
        CUSTOMER_POOL_DAYS_LEFT,
        TASK_OPPORTUNITY,
        ACTIVITY_OPPORTUNITY,
    ),
    nodes={
        "Lead": node_fetcher(lead_by_id, Lead.from_row),
        "Opportunity": node_fetcher(opportunity_by_id, Opportunity.from_row),
    },
    roots={**LEAD_ROOTS, **PIPELINE_ROOTS, **POOL_ROOTS, **FIGURE_ROOTS},
    jobs=(pool_reclaim,),
    timeline_sources=(
        TimelineSource("stage_change", stage_change_entries, "Opportunity", entry=StageChangeEntry),
        TimelineSource(
            "pool_movement", pool_movement_entries, None, entry=PoolMovementEntry, model=models.PoolMovement
        ),
    ),
    privacy_parts=(LEADS,),
    merge_hooks=(move_on_merge,),
    customer_events=(CustomerEvent("won_deal", last_won_deal_at),),
    row_scopes=scopes.ROW_SCOPES,
    scoped_types=("Lead", "Opportunity"),
    masks=authz.MASKS,
    argument_rules=authz.ARGUMENT_RULES,
    input_targets={**authz.INPUT_TARGETS, **line_authz.INPUT_TARGETS},
    encrypted=ENCRYPTED,
    policy_fields=POLICY_FIELDS,
)
