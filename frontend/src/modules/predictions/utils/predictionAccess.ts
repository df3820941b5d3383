import { hasAll } from "../../customers/utils/customerAccess";
import type { PermissionIndex } from "../../permissions/utils/permissionIndex";

const CHURN_FIELDS = [
  "Customer.churnRisk",
  ...["probability", "band", "reasons", "scoredAt", "previousProbability", "previousScoredAt", "smallData"].map((f) => `ChurnRisk.${f}`),
  ...["code", "text", "new"].map((f) => `ChurnReason.${f}`),
];

const CROSS_SELL_FIELDS = [
  "Customer.crossSell",
  ...["confidence", "lift", "supportCustomers", "product", "because"].map((f) => `CrossSellSuggestion.${f}`),
  "Product.id",
  "Product.name",
];

const WIN_FIELDS = [
  "Opportunity.winProbability",
  ...["probability", "previousProbability", "previousScoredAt", "smallData", "reasons", "scoredAt"].map(
    (f) => `OpportunityWinProbability.${f}`,
  ),
];

const FACTOR_FIELDS = ["factor", "lostValue", "wonValue", "text"].map((f) => `RetrospectiveFactor.${f}`);

/** `@include` variables of CustomerPredictions: the parts this viewer may read. */
export const customerPredictionsAccess = (p: PermissionIndex) => ({
  withChurn: hasAll(p, CHURN_FIELDS),
  withCrossSell: hasAll(p, CROSS_SELL_FIELDS),
});

/** `@include` variables of OpportunityPredictions (the retrospective only for a lost deal). */
export const opportunityPredictionsAccess = (p: PermissionIndex, lost: boolean) => ({
  withWin: hasAll(p, WIN_FIELDS),
  withRetrospective: lost && p.canQuery("opportunityRetrospective") && hasAll(p, FACTOR_FIELDS),
});

/** The viewer may read the sales forecast widget. */
export const canSeeWinForecast = (p: PermissionIndex): boolean =>
  p.canQuery("winForecast") &&
  hasAll(p, ["start", "end", "deals", "scored", "smallData", "expected", "low", "high"].map((f) => `WinForecast.${f}`));

/** The viewer may read the lost-deal retrospective widget. */
export const canSeeLostDealRetrospective = (p: PermissionIndex): boolean =>
  p.canQuery("lostDealRetrospective") &&
  hasAll(p, [...["lostDeals", "wonDeals", "factors"].map((f) => `LostDealRetrospective.${f}`), ...FACTOR_FIELDS]);

/** The viewer may list the customers at churn risk (the widget and /customers/at-risk): the root and what it shows. */
export const canSeeCustomersAtRisk = (p: PermissionIndex): boolean =>
  p.canQuery("customersAtRisk") && hasAll(p, ["Customer.name", ...CHURN_FIELDS]);
