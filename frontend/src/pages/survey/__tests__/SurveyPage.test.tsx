import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { renderApp } from "../../../testing/renderApp";

const survey = (overrides: Record<string, unknown> = {}): FakeGraphqlResponse => ({
  data: {
    survey: {
      __typename: "Survey",
      ticketNumber: "T-2026-000007",
      subject: "发票抬头错误",
      resolvedAt: "2026-03-02T09:00:00Z",
      answered: false,
      expired: false,
      canRate: true,
      ...overrides,
    },
  },
});

const surveyServer = (answer: FakeGraphqlResponse, submitted: Array<Record<string, unknown>> = []): FakeGraphqlResolver =>
  (operationName, variables) => {
    if (operationName === "Survey") return answer;
    if (operationName === "SurveySubmit") {
      submitted.push(variables);
      return { data: { surveySubmit: { __typename: "SurveySubmitPayload", accepted: true, userErrors: [] } } };
    }
    throw new Error(`unexpected operation ${operationName} (the survey page needs no sign-in)`);
  };

describe("SurveyPage", () => {
  it("rates without signing in", async () => {
    const user = userEvent.setup();
    const submitted: Array<Record<string, unknown>> = [];
    renderApp(surveyServer(survey(), submitted), { route: "/survey/abc.def" });
    expect(await screen.findByTestId("survey-ticket", {}, { timeout: 5000 })).toHaveTextContent("T-2026-000007");
    const stars = screen.getByTestId("rating-stars").querySelectorAll<HTMLElement>("[role='radio']");
    await user.click(stars[4] as HTMLElement);
    await user.click(screen.getByTestId("rating-submit"));
    expect(await screen.findByTestId("survey-thanks")).toHaveTextContent("感谢你的评价");
    expect(submitted).toEqual([{ input: { token: "abc.def", rating: 5, comment: null } }]);
  });

  it.each([
    [{ answered: true, canRate: false }, "survey-answered", "你已经评价过这个工单"],
    [{ expired: true, canRate: false }, "survey-expired", "评价链接已过期"],
    [{ canRate: false }, "survey-closed", "这个工单已无法评价"],
  ])("shows the state of a link that cannot rate (%o)", async (state, testId, text) => {
    renderApp(surveyServer(survey(state)), { route: "/survey/abc.def" });
    expect(await screen.findByTestId(testId, {}, { timeout: 5000 })).toHaveTextContent(text);
    expect(screen.queryByTestId("rating-submit")).not.toBeInTheDocument();
  });

  it("says a forged link is not valid", async () => {
    renderApp(
      surveyServer({ errors: [{ message: "This survey link is not valid.", extensions: { code: "BAD_USER_INPUT" } }] }),
      { route: "/survey/forged", language: "en" },
    );
    await waitFor(() => expect(screen.getByTestId("survey-invalid")).toHaveTextContent("This rating link is not valid"), {
      timeout: 5000,
    });
  });
});
