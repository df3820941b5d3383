"""What sales arguments and inputs read and write, row scopes of leads and opportunities, masked lead fields."""

from __future__ import annotations

from rapport.core.authz.catalog import SCOPED_TYPES
from rapport.core.authz.masking import MASKS, mask_email, mask_phone
from rapport.core.authz.rules import argument_rule, input_target, reads

SCOPED_TYPES.update({"Lead", "Opportunity"})
MASKS["Lead.phone"] = mask_phone
MASKS["Lead.email"] = mask_email

input_target("LeadCreateInput", "Lead", ownerId="owner")
input_target("LeadAssignInput", "Lead", ownerId="owner")
input_target("LeadStatusSetInput", "Lead")
input_target("LeadConvertInput", "Lead", customerId="customer", opportunityName=None, amount=None)
input_target("OpportunityCreateInput", "Opportunity", customerId="customer", stageId="stage")
input_target("OpportunityUpdateInput", "Opportunity", expectedClose="expectedClose")
input_target("OpportunityMoveStageInput", "Opportunity", stageId="stage", lostReason="lostReason")
input_target("ApprovalDecideInput", "Approval", approve="status")
input_target("LeadRuleInput", "LeadRule", teamId="team", userId="user")
input_target("PipelineStageInput", "PipelineStage")
input_target("PoolRuleInput", "PoolRule")
input_target("SalesTargetInput", "SalesTarget", userId="user", teamId="team")

argument_rule("Query.leads", "filter")(
    reads("Lead", {"statuses": "status", "ownerIds": "owner", "sources": "source", "unassigned": "owner"})
)
argument_rule("Query.opportunities", "filter")(
    reads(
        "Opportunity",
        {"statuses": "status", "stageIds": "stage", "customerIds": "customer", "ownerIds": "owner", "search": "name"},
    )
)
argument_rule("Query.publicPool", "filter")(
    reads("PoolCustomer", {"provinces": "province", "grades": "grade", "industries": "industry"})
)
