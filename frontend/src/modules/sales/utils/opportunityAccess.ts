import { hasAll, TASK_FIELDS } from "../../customers/utils/customerAccess";
import type { PermissionIndex } from "../../permissions/utils/permissionIndex";

const USER = ["User.id", "User.name"];
const STAGE = ["PipelineStage.id", "PipelineStage.key", "PipelineStage.name"];

/** `@include` variables of the deal page: which parts the viewer may read. */
export const opportunityDetailAccess = (p: PermissionIndex) => ({
  withCustomer: hasAll(p, ["Opportunity.customer", "Customer.id", "Customer.name"]),
  withOwner: hasAll(p, ["Opportunity.owner", ...USER]),
  withApproval: hasAll(p, ["Opportunity.pendingApproval", "Approval.id", "Approval.status", "Approval.amount", "Approval.toStage", ...STAGE]),
  withLines: hasAll(p, [
    "Opportunity.lines",
    "OpportunityLine.id",
    "OpportunityLine.position",
    "OpportunityLine.name",
    "OpportunityLine.quantity",
    "OpportunityLine.unitPrice",
    "OpportunityLine.amount",
    "OpportunityLine.product",
    "Product.id",
    "Product.sku",
    "Product.name",
    "Product.unitPrice",
    "Product.active",
  ]),
  withTasks: hasAll(p, ["Opportunity.tasks", ...TASK_FIELDS, "Task.assignee", ...USER]),
  withActivities: hasAll(p, [
    "Opportunity.activities",
    "Activity.id",
    "Activity.kind",
    "Activity.subject",
    "Activity.body",
    "Activity.outcome",
    "Activity.occurredAt",
    "Activity.actor",
    ...USER,
  ]),
  withHistory: hasAll(p, [
    "Opportunity.stageHistory",
    "StageChangeEntry.at",
    "StageChangeEntry.amount",
    "StageChangeEntry.fromStage",
    "StageChangeEntry.toStage",
    "StageChangeEntry.actor",
    ...STAGE,
    ...USER,
  ]),
});

export type OpportunityDetailAccess = ReturnType<typeof opportunityDetailAccess>;
