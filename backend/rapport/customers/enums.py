"""GraphQL enums of the customer graph (values are the stored strings)."""

from __future__ import annotations

from enum import Enum

import strawberry

from rapport.customers import models
from rapport.customers.repository.analysis import Dimension
from rapport.customers.repository.scoring import Segment

# strawberry.enum marks the domain's own enums in place, so the same classes serve as Python types.
CustomerKind = models.CustomerKind
CustomerStatus = models.CustomerStatus
PoolStatus = models.PoolStatus
RfmSegment = Segment
CustomerDimension = Dimension
strawberry.enum(CustomerKind, description="A company (with contacts) or a person.")
strawberry.enum(CustomerStatus, description="Where the relationship stands.")
strawberry.enum(PoolStatus, description="Owned by a rep, or in the public pool.")
strawberry.enum(RfmSegment, name="RfmSegment", description="RFM segment computed from purchase history.")
strawberry.enum(CustomerDimension, description="What customers can be grouped by.")


@strawberry.enum(description="A customer's gender (persons only).")
class Gender(Enum):
    """Gender."""

    MALE = "male"
    FEMALE = "female"
    OTHER = "other"


@strawberry.enum(description="Marital status (persons only).")
class MaritalStatus(Enum):
    """Marital status."""

    SINGLE = "single"
    MARRIED = "married"
    DIVORCED = "divorced"
    WIDOWED = "widowed"


@strawberry.enum(description="Credit or churn risk.")
class RiskLevel(Enum):
    """Risk level."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@strawberry.enum(description="Grade A (most valuable) to D.")
class Grade(Enum):
    """Customer grade."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


@strawberry.enum(description="Fields customers can be sorted by.")
class CustomerSortField(Enum):
    """Sort keys of the customer list."""

    NAME = "name"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    LAST_ACTIVITY_AT = "last_activity_at"
    GRADE = "grade"


@strawberry.enum(description="Sort direction.")
class SortDirection(Enum):
    """Ascending or descending."""

    ASC = "asc"
    DESC = "desc"


@strawberry.enum(description="Why two customers look like duplicates.")
class DuplicateReason(Enum):
    """Duplicate evidence."""

    SAME_PHONE = "same_phone"
    SAME_EMAIL = "same_email"
    SAME_TRADE_NAME = "same_trade_name"
    SIMILAR_NAME = "similar_name"
