import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { createI18n } from "../../../i18n/createI18n";
import { viewerWith } from "../../../testing/fixtures";
import { CurrentViewerContext } from "../../auth/contexts/CurrentViewerContext";
import type { Viewer } from "../../auth/types/Viewer";
import { LocaleProvider } from "../../localization/components/LocaleProvider";
import { GuardedField } from "../components/GuardedField";
import { permissionIndex } from "../utils/permissionIndex";

const renderAs = (viewer: Viewer) =>
  render(
    <LocaleProvider i18n={createI18n("en")}>
      <CurrentViewerContext value={viewer}>
        <span data-testid="phone">
          <GuardedField type="Contact" field="phones" hidden={<em>hidden</em>}>
            138****5678
          </GuardedField>
        </span>
      </CurrentViewerContext>
    </LocaleProvider>,
  );

describe("GuardedField", () => {
  it("shows a readable field as it is", () => {
    renderAs(viewerWith([["Contact.phones", "READ"]]));
    expect(screen.getByTestId("phone")).toHaveTextContent("138****5678");
    expect(screen.getByTestId("phone").querySelector("[data-masked]")).toBeNull();
  });

  it("marks a masked field with a lock instead of failing", () => {
    renderAs(viewerWith([["Contact.phones", "MASKED"]]));
    expect(screen.getByTestId("phone").querySelector("[data-masked='true']")).not.toBeNull();
    expect(screen.getByLabelText("Masked: your role sees only part of this")).toBeInTheDocument();
  });

  it("leaves out a field the role may not read", () => {
    renderAs(viewerWith([["Customer.name", "READ"]]));
    expect(screen.getByTestId("phone")).toHaveTextContent("hidden");
    expect(screen.getByTestId("phone")).not.toHaveTextContent("138");
  });
});

describe("permissionIndex", () => {
  it("ranks access and answers root fields", () => {
    const index = permissionIndex(
      viewerWith([
        ["Query.customers", "READ"],
        ["Mutation.customerCreate", "WRITE"],
        ["Contact.phones", "MASKED"],
      ]).permissions,
    );
    expect(index.canQuery("customers")).toBe(true);
    expect(index.canQuery("tickets")).toBe(false);
    expect(index.canMutate("customerCreate")).toBe(true);
    expect(index.has("Contact", "phones")).toBe(true);
    expect(index.has("Contact", "phones", "READ")).toBe(false);
    expect(index.access("Customer", "idNumber")).toBe("NONE");
  });

  it("lets administrators do everything", () => {
    const index = permissionIndex({ __typename: "Permissions", isAdmin: true, fields: [], scopes: [] });
    expect(index.has("Customer", "idNumber", "WRITE")).toBe(true);
    expect(index.scopes("Customer")).toEqual(["ALL"]);
  });
});
