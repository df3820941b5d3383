import { fireEvent, screen, within } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../../testing/renderApp";
import { RuleBuilder } from "../segments/RuleBuilder";
import { cleanRules, type RuleGroup } from "../segments/ruleTree";

const Harness = () => {
  const [rules, setRules] = useState<RuleGroup>({ op: "and", rules: [] });
  return (
    <>
      <RuleBuilder value={rules} onChange={setRules} />
      <pre data-testid="sent">{JSON.stringify(cleanRules(rules))}</pre>
    </>
  );
};

const sent = () => JSON.parse(screen.getByTestId("sent").textContent ?? "null") as unknown;

describe("RuleBuilder", () => {
  it("builds conditions and a nested group into the rule JSON the backend reads", () => {
    renderWithProviders(<Harness />, () => ({ data: {} }));
    const root = screen.getByTestId("rule-group");
    fireEvent.click(within(root).getAllByTestId("rule-add-condition")[0] as HTMLElement);
    fireEvent.change(screen.getByTestId("rule-param-tag"), { target: { value: " VIP " } });
    expect(sent()).toEqual({ op: "and", rules: [{ kind: "hasTag", tag: "VIP" }] });

    fireEvent.click(screen.getByText("添加条件组"));
    const nested = screen.getByTestId("rule-group-nested");
    fireEvent.click(within(nested).getByTestId("rule-add-condition"));
    fireEvent.change(within(nested).getByTestId("rule-param-tag"), { target: { value: "新客" } });
    expect(sent()).toEqual({
      op: "and",
      rules: [
        { kind: "hasTag", tag: "VIP" },
        { op: "or", rules: [{ kind: "hasTag", tag: "新客" }] },
      ],
    });

    // A nested group offers no further nesting (one level in the UI).
    expect(within(nested).queryByText("添加条件组")).toBeNull();
    fireEvent.click(screen.getByText("删除条件组"));
    expect(sent()).toEqual({ op: "and", rules: [{ kind: "hasTag", tag: "VIP" }] });
  });
});
