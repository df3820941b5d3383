import type { FieldAccess } from "../../../generated/graphql";
import type { PermissionIndex } from "../../permissions/utils/permissionIndex";

/** True when the viewer has at least `minimum` access to every `Type.field` named. */
export const hasAll = (permissions: PermissionIndex, fields: readonly string[], minimum: FieldAccess = "MASKED"): boolean =>
  fields.every((name) => {
    const [type = "", field = ""] = name.split(".");
    return permissions.has(type, field, minimum);
  });

const USER = ["User.id", "User.name"] as const;

/** `@include` variables of the customer list: which columns the viewer may read. */
export const customersListAccess = (p: PermissionIndex) => {
  const withContacts = hasAll(p, ["Customer.contacts", "Contact.id", "Contact.name", "Contact.isPrimary"]);
  return {
    withKind: hasAll(p, ["Customer.kind"]),
    withStatus: hasAll(p, ["Customer.status"]),
    withGrade: hasAll(p, ["Customer.grade"]),
    withProvince: hasAll(p, ["Customer.province"]),
    withCity: hasAll(p, ["Customer.city"]),
    withIndustry: hasAll(p, ["Customer.industry"]),
    withPoolStatus: hasAll(p, ["Customer.poolStatus"]),
    withLastActivityAt: hasAll(p, ["Customer.lastActivityAt"]),
    withCreatedAt: hasAll(p, ["Customer.createdAt"]),
    withOwner: hasAll(p, ["Customer.owner", ...USER]),
    withTags: hasAll(p, ["Customer.tags", "Tag.id", "Tag.name", "Tag.color"]),
    withContacts,
    withPhones: withContacts && hasAll(p, ["Contact.phones"]),
    withRfm: hasAll(p, ["Customer.rfm", "Rfm.segment"]),
    withLifetimeValue: hasAll(p, ["Customer.lifetimeValue"]),
  };
};

export type CustomersListAccess = ReturnType<typeof customersListAccess>;

/** The filters of the list and the field each one reads (filtering needs unmasked read access). */
export const CUSTOMER_FILTER_FIELDS = {
  kinds: "Customer.kind",
  statuses: "Customer.status",
  grades: "Customer.grade",
  provinces: "Customer.province",
  industries: "Customer.industry",
  ownerIds: "Customer.owner",
  tags: "Customer.tags",
  rfmSegments: "Customer.rfm",
  poolStatuses: "Customer.poolStatus",
  created: "Customer.createdAt",
} as const;

export type CustomerFilterKey = keyof typeof CUSTOMER_FILTER_FIELDS;

/** The filters this viewer may use. */
export const usableCustomerFilters = (p: PermissionIndex): ReadonlySet<CustomerFilterKey> =>
  new Set(
    (Object.keys(CUSTOMER_FILTER_FIELDS) as CustomerFilterKey[]).filter((key) =>
      hasAll(p, [CUSTOMER_FILTER_FIELDS[key]], "READ"),
    ),
  );

/** Sort keys and the field each one reads. */
export const CUSTOMER_SORT_FIELDS = {
  NAME: "Customer.name",
  CREATED_AT: "Customer.createdAt",
  UPDATED_AT: "Customer.updatedAt",
  LAST_ACTIVITY_AT: "Customer.lastActivityAt",
  GRADE: "Customer.grade",
} as const;

export type CustomerSortKey = keyof typeof CUSTOMER_SORT_FIELDS;

export const canSortCustomersBy = (p: PermissionIndex, key: CustomerSortKey): boolean =>
  hasAll(p, [CUSTOMER_SORT_FIELDS[key]], "READ");

/** Which lists the filter bar can offer as choices (the rest are typed in). */
export const customerFilterOptionsAccess = (p: PermissionIndex, usable: ReadonlySet<CustomerFilterKey>) => {
  const groups = p.canQuery("customerGroups") && hasAll(p, ["CustomerGroups.groups", "CustomerGroup.key", "CustomerGroup.customers"]);
  return {
    withTags: usable.has("tags") && p.canQuery("tags") && hasAll(p, ["Tag.id", "Tag.name", "Tag.color"]),
    withOwners: usable.has("ownerIds") && p.canQuery("salesForce") && hasAll(p, USER),
    withProvinces: usable.has("provinces") && groups,
    withIndustries: usable.has("industries") && groups,
  };
};

/** `@include` variables of the 360° page. */
export const customer360Access = (p: PermissionIndex) => {
  const withContacts = hasAll(p, ["Customer.contacts", "Contact.id", "Contact.name", "Contact.title", "Contact.isPrimary"]);
  const withOrderSummary = hasAll(p, ["Customer.orderSummary", "OrderSummary.count", "OrderSummary.lastOrderAt"]);
  const withOrders = hasAll(p, ["Customer.orders", "Order.id", "Order.orderedAt", "Order.status"]);
  return {
    withKind: hasAll(p, ["Customer.kind"]),
    withStatus: hasAll(p, ["Customer.status"]),
    withGrade: hasAll(p, ["Customer.grade"]),
    withSource: hasAll(p, ["Customer.source"]),
    withIndustry: hasAll(p, ["Customer.industry"]),
    withProvince: hasAll(p, ["Customer.province"]),
    withCity: hasAll(p, ["Customer.city"]),
    withSize: hasAll(p, ["Customer.size"]),
    withAddress: hasAll(p, ["Customer.address"]),
    withPoolStatus: hasAll(p, ["Customer.poolStatus"]),
    withLastActivityAt: hasAll(p, ["Customer.lastActivityAt"]),
    withLastFollowUpAt: hasAll(p, ["Customer.lastFollowUpAt"]),
    withCreatedAt: hasAll(p, ["Customer.createdAt"]),
    withPoolDaysLeft: hasAll(p, ["Customer.poolDaysLeft"]),
    withLifetimeValue: hasAll(p, ["Customer.lifetimeValue"]),
    withOwner: hasAll(p, ["Customer.owner", ...USER]),
    withTeam: hasAll(p, ["Customer.team", "Team.id", "Team.name"]),
    withTags: hasAll(p, ["Customer.tags", "Tag.id", "Tag.name", "Tag.color"]),
    withRfm: hasAll(p, ["Customer.rfm", "Rfm.segment", "Rfm.score"]),
    withOrderSummary,
    withOrderSummaryAmounts: withOrderSummary && hasAll(p, ["OrderSummary.totalAmount"]),
    withContacts,
    withPhones: withContacts && hasAll(p, ["Contact.phones"]),
    withEmails: withContacts && hasAll(p, ["Contact.emails"]),
    withContactLanguage: withContacts && hasAll(p, ["Contact.language"]),
    withContactTimeZone: withContacts && hasAll(p, ["Contact.timeZone"]),
    withOpportunities: hasAll(p, [
      "Customer.opportunities",
      "Opportunity.id",
      "Opportunity.name",
      "Opportunity.amount",
      "Opportunity.status",
      "Opportunity.expectedClose",
      "Opportunity.stage",
      "PipelineStage.id",
      "PipelineStage.name",
    ]),
    withTickets: hasAll(p, [
      "Customer.tickets",
      "Ticket.id",
      "Ticket.number",
      "Ticket.subject",
      "Ticket.status",
      "Ticket.priority",
      "Ticket.createdAt",
    ]),
    withTasks: hasAll(p, ["Customer.tasks", ...TASK_FIELDS, "Task.assignee", ...USER]),
    withTaskOpportunity: hasAll(p, ["Task.opportunity", "Opportunity.id", "Opportunity.name"]),
    withOrders,
    withOrderAmounts: withOrders && hasAll(p, ["Order.totalAmount"]),
    withArchivedAt: hasAll(p, ["Customer.archivedAt"]),
    ...profileAccess(p),
  };
};

/** The task fields the task lists and forms read (the TaskFields fragment). */
export const TASK_FIELDS = ["Task.id", "Task.version", "Task.title", "Task.notes", "Task.dueAt", "Task.remindAt", "Task.done", "Task.doneAt"];

/** The person's profile and finance fields of the 360° page, each read only where the viewer may. */
export const PROFILE_FIELDS = {
  withGender: "gender",
  withBirthDate: "birthDate",
  withAgeBand: "ageBand",
  withOccupation: "occupation",
  withEducation: "education",
  withMaritalStatus: "maritalStatus",
  withCreditRating: "creditRating",
  withRiskLevel: "riskLevel",
} as const;

type ProfileFlag = keyof typeof PROFILE_FIELDS | "withContributionRank";

const profileAccess = (p: PermissionIndex): Record<ProfileFlag, boolean> => {
  const flags = Object.fromEntries(
    Object.entries(PROFILE_FIELDS).map(([flag, field]) => [flag, hasAll(p, [`Customer.${field}`])]),
  ) as Record<keyof typeof PROFILE_FIELDS, boolean>;
  return {
    ...flags,
    withContributionRank: hasAll(p, ["Customer.contributionRank", "ContributionRank.overall", "ContributionRank.withinRegion"]),
  };
};

export type Customer360Access = ReturnType<typeof customer360Access>;

/** `@include` variables of the timeline: which kinds of entries the viewer may read. */
export const customerTimelineAccess = (p: PermissionIndex) => ({
  withActivities: hasAll(p, [
    "Activity.id",
    "Activity.kind",
    "Activity.subject",
    "Activity.body",
    "Activity.outcome",
    "Activity.occurredAt",
  ]),
  withActivityActor: hasAll(p, ["Activity.actor", ...USER]),
  withActivityContact: hasAll(p, ["Activity.contact", "Contact.id", "Contact.name"]),
  withOrders: hasAll(p, ["Order.id", "Order.number", "Order.status", "Order.orderedAt", "Order.currency"]),
  withOrderAmounts: hasAll(p, ["Order.totalAmount"]),
  withTickets: hasAll(p, ["Ticket.id", "Ticket.number", "Ticket.subject", "Ticket.status", "Ticket.createdAt"]),
  withStageChanges: hasAll(p, [
    "StageChangeEntry.at",
    "StageChangeEntry.amount",
    "StageChangeEntry.opportunity",
    "StageChangeEntry.fromStage",
    "StageChangeEntry.toStage",
    "StageChangeEntry.actor",
    "Opportunity.id",
    "Opportunity.name",
    "PipelineStage.id",
    "PipelineStage.name",
    ...USER,
  ]),
  withPoolMovements: hasAll(p, [
    "PoolMovementEntry.kind",
    "PoolMovementEntry.at",
    "PoolMovementEntry.data",
    "PoolMovementEntry.user",
    "PoolMovementEntry.actor",
    ...USER,
  ]),
});

export type CustomerTimelineAccess = ReturnType<typeof customerTimelineAccess>;

/** `@include` variables of the merge preview: which counts the viewer may compare. */
export const customerMergePreviewAccess = (p: PermissionIndex) => ({
  withContacts: hasAll(p, ["Customer.contacts", "Contact.id"]),
  withOrders: hasAll(p, ["Customer.orders"]),
  withActivities: hasAll(p, ["Customer.activities"]),
  withTickets: hasAll(p, ["Customer.tickets", "Ticket.id"]),
  withOpportunities: hasAll(p, ["Customer.opportunities", "Opportunity.id"]),
  withTasks: hasAll(p, ["Customer.tasks", "Task.id"]),
  withTags: hasAll(p, ["Customer.tags", "Tag.id"]),
});

export type CustomerMergePreviewAccess = ReturnType<typeof customerMergePreviewAccess>;

/** The viewer may list duplicates and read what the list holds. */
export const canSeeCustomerDuplicates = (p: PermissionIndex): boolean =>
  p.canQuery("customerDuplicates") &&
  hasAll(p, ["CustomerDuplicate.customer", "CustomerDuplicate.reasons", "CustomerDuplicate.score"]);

/** The viewer may write this customer field (in create and update inputs). */
export const canWriteCustomerField = (p: PermissionIndex, field: string): boolean => p.has("Customer", field, "WRITE");
