import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../../testing/renderApp";
import { RequireViewer } from "../../auth/components/RequireViewer";
import { OpportunityPredictions } from "../components/OpportunityPredictions";
import { OPPORTUNITY, PREDICTION_FIELDS, predictionServer } from "./predictionFixtures";

const win = {
  __typename: "OpportunityWinProbability",
  probability: 0.64,
  previousProbability: 0.5,
  previousScoredAt: "2026-11-30T02:00:00+00:00",
  smallData: true,
  reasons: ["已到报价阶段", "近 30 天有 6 次跟进"],
  scoredAt: "2026-12-07T02:00:00+00:00",
};

const factor = { __typename: "RetrospectiveFactor", factor: "quoteResponseDays", lostValue: 6, wonValue: 2, text: "报价阶段响应慢：6 天，赢单为 2 天" };

const answer = (withWin: boolean, factors: unknown[] | undefined, score: Record<string, unknown> = win) => ({
  data: { opportunity: { __typename: "Opportunity", id: OPPORTUNITY, winProbability: withWin ? score : undefined }, opportunityRetrospective: factors },
});

describe("OpportunityPredictions", { timeout: 30_000 }, () => {
  it("shows an open deal's win probability with its small-data label and reasons", async () => {
    const rendered = renderWithProviders(<RequireViewer><OpportunityPredictions opportunityId={OPPORTUNITY} status="OPEN" /></RequireViewer>, predictionServer(PREDICTION_FIELDS, { OpportunityPredictions: answer(true, undefined) }));
    const card = await screen.findByTestId("win-probability", {}, { timeout: 10_000 });
    expect(within(card).getByTestId("win-percent")).toHaveTextContent("64%");
    expect(within(card).getByTestId("win-small-data")).toHaveTextContent("数据较少");
    expect(within(card).getAllByTestId("win-reason").map((item) => item.textContent)).toEqual(win.reasons);
    expect(within(card).getByTestId("win-change")).toHaveTextContent("50%");
    expect(within(card).getByTestId("win-change").querySelector(".anticon-arrow-up")).not.toBeNull();
    expect(rendered.calls.find((call) => call.operationName === "OpportunityPredictions")?.variables).toEqual({ id: OPPORTUNITY, withWin: true, withRetrospective: false });
  });

  it("draws no arrow when the probability did not change since the last score", async () => {
    const same = { ...win, probability: 0.5 };
    renderWithProviders(<RequireViewer><OpportunityPredictions opportunityId={OPPORTUNITY} status="OPEN" /></RequireViewer>, predictionServer(PREDICTION_FIELDS, { OpportunityPredictions: answer(true, undefined, same) }));
    const card = await screen.findByTestId("win-probability", {}, { timeout: 10_000 });
    const change = within(card).getByTestId("win-change");
    expect(change).toHaveTextContent("50%");
    expect(change.querySelector(".anticon-arrow-up, .anticon-arrow-down")).toBeNull();
  });

  it("shows a lost deal's retrospective in words", async () => {
    const rendered = renderWithProviders(<RequireViewer><OpportunityPredictions opportunityId={OPPORTUNITY} status="LOST" /></RequireViewer>, predictionServer(PREDICTION_FIELDS, { OpportunityPredictions: answer(false, [factor]) }));
    const card = await screen.findByTestId("opportunity-retrospective", {}, { timeout: 10_000 });
    expect(within(card).getByTestId("retrospective-factor")).toHaveTextContent("报价阶段响应慢");
    expect(screen.queryByTestId("win-probability")).toBeNull();
    expect(rendered.calls.find((call) => call.operationName === "OpportunityPredictions")?.variables).toEqual({ id: OPPORTUNITY, withWin: false, withRetrospective: true });
  });
});
