"""What sales arguments read and inputs write, and how lead contacts are masked (listed in the sales manifest)."""

from __future__ import annotations

from typing import Any

from rapport.core.authz.masking import mask_email, mask_phone
from rapport.core.authz.policy import Access
from rapport.core.authz.rules import ArgumentRule, InputTarget, reads

MASKS = {"Lead.phone": mask_phone, "Lead.email": mask_email}

INPUT_TARGETS = {
    "LeadCreateInput": InputTarget("Lead", {"ownerId": "owner"}),
    "LeadAssignInput": InputTarget("Lead", {"ownerId": "owner"}),
    "LeadStatusSetInput": InputTarget("Lead"),
    "LeadConvertInput": InputTarget("Lead", {"customerId": "customer", "opportunityName": None, "amount": None}),
    "OpportunityCreateInput": InputTarget("Opportunity", {"customerId": "customer", "stageId": "stage"}),
    "OpportunityUpdateInput": InputTarget("Opportunity", {"expectedClose": "expectedClose"}),
    "OpportunityMoveStageInput": InputTarget("Opportunity", {"stageId": "stage", "lostReason": "lostReason"}),
    "ApprovalDecideInput": InputTarget("Approval", {"approve": "status"}),
    "LeadRuleInput": InputTarget("LeadRule", {"teamId": "team", "userId": "user"}),
    "PipelineStageInput": InputTarget("PipelineStage"),
    "PoolRuleInput": InputTarget("PoolRule"),
    "SalesTargetInput": InputTarget("SalesTarget", {"userId": "user", "teamId": "team"}),
}


def _and_reads(rule: ArgumentRule, key: str, field: str) -> ArgumentRule:
    """`rule`, and when the filter gives `key`, a read of `field` as well (a condition on another field)."""

    def combined(value: Any) -> list[tuple[str, Access]]:
        found = rule(value)
        if isinstance(value, dict) and value.get(key) is not None:
            found.append((field, Access.READ))
        return found

    combined.reads = rule.reads  # type: ignore[attr-defined]  # for the generated tests
    return combined


OPPORTUNITY_FILTER_FIELDS = {
    "statuses": "status",
    "stageIds": "stage",
    "customerIds": "customer",
    "ownerIds": "owner",
    "search": "name",
    "reachedStageId": "stageHistory",
    "createdFrom": "createdAt",
    "createdTo": "createdAt",
    "closedFrom": "closedAt",
    "closedTo": "closedAt",
    "provinces": "customer",
}
LEAD_FILTER_FIELDS = {
    "statuses": "status",
    "ownerIds": "owner",
    "sources": "source",
    "unassigned": "owner",
    "search": "name",
}

ARGUMENT_RULES = {
    # A search matches the company too; a province is the customer's.
    ("Query.leads", "filter"): _and_reads(reads("Lead", LEAD_FILTER_FIELDS), "search", "Lead.company"),
    ("Query.opportunities", "filter"): _and_reads(
        reads("Opportunity", OPPORTUNITY_FILTER_FIELDS), "provinces", "Customer.province"
    ),
    ("Query.publicPool", "filter"): reads(
        "PoolCustomer", {"provinces": "province", "grades": "grade", "industries": "industry"}
    ),
}
