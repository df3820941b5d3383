"""GraphQL enums of sales, shared by its features (their values are the stored ones)."""

from __future__ import annotations

from enum import Enum

import strawberry

from rapport.sales.models import LeadStatus

strawberry.enum(LeadStatus, description="NEW -> WORKING -> QUALIFIED -> CONVERTED, or DISQUALIFIED.")

__all__ = [
    "ApprovalStatus",
    "LeadRuleKind",
    "LeadStatus",
    "OpportunityStatus",
    "PoolMovementKind",
    "SalesDimension",
    "SalesPeriod",
]


@strawberry.enum(description="Where an opportunity stands.")
class OpportunityStatus(Enum):
    """open, won or lost."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"


@strawberry.enum(description="Where an approval request stands.")
class ApprovalStatus(Enum):
    """pending, approved, rejected, or cancelled (the opportunity moved another way first)."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


@strawberry.enum(description="A movement of a customer into or out of the public pool.")
class PoolMovementKind(Enum):
    """What happened."""

    WARNED = "warned"
    RECLAIMED = "reclaimed"
    RELEASED = "released"
    CLAIMED = "claimed"
    ALLOCATED = "allocated"


@strawberry.enum(description="A target and forecast period.")
class SalesPeriod(Enum):
    """month or quarter."""

    MONTH = "month"
    QUARTER = "quarter"


@strawberry.enum(description="How an assignment rule picks the owner of a new lead.")
class LeadRuleKind(Enum):
    """territory, round_robin or load."""

    TERRITORY = "territory"
    ROUND_ROBIN = "round_robin"
    LOAD = "load"


@strawberry.enum(description="How salesPerformance groups its rows.")
class SalesDimension(Enum):
    """rep, team, region (province) or month."""

    REP = "rep"
    TEAM = "team"
    REGION = "region"
    MONTH = "month"
