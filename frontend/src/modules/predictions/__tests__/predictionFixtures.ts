import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";

export const CUSTOMER = "Q3VzdG9tZXI6MQ";
export const OPPORTUNITY = "T3Bwb3J0dW5pdHk6MQ";

const names = (type: string, fields: string) => fields.split(" ").map((field) => `${type}.${field}`);

/** What a sales rep may read of the predictions (the shipped policy gives reps all of it). */
export const PREDICTION_FIELDS = [
  "Customer.churnRisk",
  ...names("ChurnRisk", "probability band reasons scoredAt previousProbability previousScoredAt smallData"),
  ...names("ChurnReason", "code text new"),
  "Customer.crossSell",
  ...names("CrossSellSuggestion", "confidence lift supportCustomers product because"),
  "Product.id",
  "Product.name",
  "Opportunity.winProbability",
  ...names("OpportunityWinProbability", "probability previousProbability previousScoredAt smallData reasons scoredAt"),
  "Query.opportunityRetrospective",
  ...names("RetrospectiveFactor", "factor lostValue wonValue text"),
];

export const reason = (code: string, text: string, isNew = false) => ({ __typename: "ChurnReason", code, text, new: isNew });

export const churnRisk = (overrides: Record<string, unknown> = {}) => ({
  __typename: "ChurnRisk",
  probability: 0.82,
  band: "HIGH",
  reasons: [reason("NO_RECENT_ORDER", "已 120 天没有下单", true), reason("UNRESOLVED_COMPLAINTS", "2 个未解决的投诉")],
  scoredAt: "2026-12-07T02:00:00+00:00",
  previousProbability: 0.55,
  previousScoredAt: "2026-11-30T02:00:00+00:00",
  smallData: false,
  ...overrides,
});

const product = (id: string, name: string) => ({ __typename: "Product", id, name });

export const CROSS_SELL = [
  {
    __typename: "CrossSellSuggestion",
    confidence: 0.8,
    lift: 2.4,
    supportCustomers: 42,
    product: product("UHJvZHVjdDoy", "碳粉盒"),
    because: product("UHJvZHVjdDox", "激光打印机"),
  },
];

export const customerAnswer = (churn: unknown, crossSell: unknown = CROSS_SELL): FakeGraphqlResponse => ({
  data: { customer: { __typename: "Customer", id: CUSTOMER, churnRisk: churn, crossSell } },
});

/** A server that answers the viewer (with `fields`) and CustomerPredictions / OpportunityPredictions. */
export const predictionServer =
  (fields: string[], answers: Record<string, FakeGraphqlResponse>): FakeGraphqlResolver =>
  (operationName) => {
    if (operationName === "Viewer") return viewerResponse(viewerWith(fields.map((field) => [field, "READ"])));
    return answers[operationName] ?? { data: null, errors: [{ message: `not faked: ${operationName}` }] };
  };
