import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "antd";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderWithProviders } from "../../../testing/renderApp";
import { RequireViewer } from "../../auth/components/RequireViewer";
import { ContactFormModal } from "../components/ContactFormModal";
import type { EditableContact } from "../utils/contactInput";

const CUSTOMER = "Q3VzdG9tZXI6MQ";
const BERLIN: EditableContact = { id: "Q29udGFjdDox", version: 4, name: "Anna Schmidt", isPrimary: false, language: "en", timeZone: "Europe/Berlin" };
const WAIT = { timeout: 15_000 };

type Access = "READ" | "WRITE";
const contactGrants = (timeZone: Access) =>
  viewerWith([
    ["Contact.name", "WRITE"],
    ["Contact.title", "WRITE"],
    ["Contact.language", "WRITE"],
    ["Contact.timeZone", timeZone],
  ]);

const saved = (field: string): FakeGraphqlResponse => ({
  data: { [field]: { __typename: "ContactPayload", contact: { __typename: "Contact", id: BERLIN.id, version: 5 }, userErrors: [] } },
});

const server =
  (timeZone: Access, answers: Record<string, FakeGraphqlResponse> = {}): FakeGraphqlResolver =>
  (operationName) => {
    if (operationName === "Viewer") return viewerResponse(contactGrants(timeZone));
    if (operationName === "Customer360ContactCreate") return answers[operationName] ?? saved("contactCreate");
    if (operationName === "Customer360ContactUpdate") return answers[operationName] ?? saved("contactUpdate");
    return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
  };

const form = (resolve: FakeGraphqlResolver, contact: EditableContact | null) =>
  renderWithProviders(
    <App>
      <RequireViewer>
        <ContactFormModal customerId={CUSTOMER} contact={contact} onClose={() => undefined} onSaved={() => undefined} />
      </RequireViewer>
    </App>,
    resolve,
    { language: "en" },
  );

const inputOf = (calls: Array<{ operationName: string; variables: Record<string, unknown> }>, name: string) =>
  calls.find((call) => call.operationName === name)?.variables["input"];

const zoneField = async () => (await screen.findByTestId("contact-form-time-zone", {}, WAIT)).closest(".ant-form-item") as HTMLElement;

describe("ContactFormModal: the contact's time zone", { timeout: 60_000 }, () => {
  it("sends the zone picked by searching, each offered with its UTC offset", async () => {
    const app = form(server("WRITE"), null);
    const user = userEvent.setup({ delay: null });
    const field = await zoneField();
    expect(within(field).getByText(/quiet hours of marketing messages/)).toBeInTheDocument();

    await user.click(screen.getByTestId("contact-form-name"));
    await user.paste("Jane Doe");
    await user.type(within(field).getByRole("combobox"), "shanghai");
    expect(await screen.findByText("Asia/Shanghai (UTC+08:00)", { selector: ".ant-select-item-option-content" })).toBeInTheDocument();
    await user.clear(within(field).getByRole("combobox"));
    await user.type(within(field).getByRole("combobox"), "los angeles");
    await user.click(await screen.findByText(/^America\/Los_Angeles \(UTC-0[78]:00\)$/, { selector: ".ant-select-item-option-content" }));
    await user.click(screen.getByTestId("contact-form-submit"));

    await waitFor(() =>
      expect(inputOf(app.calls, "Customer360ContactCreate")).toEqual({ customerId: CUSTOMER, name: "Jane Doe", timeZone: "America/Los_Angeles" }),
    );
  });

  it("sends null when the zone is cleared: the company's time zone again", async () => {
    const app = form(server("WRITE"), BERLIN);
    const user = userEvent.setup({ delay: null });
    const field = await zoneField();
    expect(within(field).getByText(/^Europe\/Berlin \(UTC\+0[12]:00\)$/)).toBeInTheDocument();

    await user.click(field.querySelector(".ant-select-clear") as HTMLElement);
    expect(within(field).getByText("The company's time zone")).toBeInTheDocument();
    await user.click(screen.getByTestId("contact-form-submit"));

    await waitFor(() => expect(inputOf(app.calls, "Customer360ContactUpdate")).toEqual({ id: BERLIN.id, version: 4, timeZone: null }));
  });

  it("leaves the zone out for a viewer who may only read it, and never sends it", async () => {
    const app = form(server("READ"), BERLIN);
    const user = userEvent.setup({ delay: null });
    // The language field shows once permissions are in: by then the time zone would too.
    await screen.findByTestId("contact-form-language", {}, WAIT);
    expect(screen.queryByTestId("contact-form-time-zone")).not.toBeInTheDocument();

    const title = screen.getByTestId("contact-form-title");
    await user.click(title);
    await user.paste("Einkauf");
    await user.click(screen.getByTestId("contact-form-submit"));
    await waitFor(() => expect(inputOf(app.calls, "Customer360ContactUpdate")).toEqual({ id: BERLIN.id, version: 4, title: "Einkauf" }));
  });

  it("shows the server's refusal of the zone on the field", async () => {
    const refused: FakeGraphqlResponse = {
      data: {
        contactUpdate: {
          __typename: "ContactPayload",
          contact: null,
          userErrors: [{ __typename: "UserError", field: "timeZone", message: "Unknown time zone; use a name such as Asia/Shanghai.", code: "BAD_USER_INPUT" }],
        },
      },
    };
    const app = form(server("WRITE", { Customer360ContactUpdate: refused }), BERLIN);
    const user = userEvent.setup({ delay: null });
    const field = await zoneField();

    await user.type(within(field).getByRole("combobox"), "Asia/Tokyo");
    await user.click(await screen.findByText("Asia/Tokyo (UTC+09:00)", { selector: ".ant-select-item-option-content" }));
    await user.click(screen.getByTestId("contact-form-submit"));

    await waitFor(() => expect(inputOf(app.calls, "Customer360ContactUpdate")).toEqual({ id: BERLIN.id, version: 4, timeZone: "Asia/Tokyo" }));
    expect(await within(field).findByText("Unknown time zone; use a name such as Asia/Shanghai.")).toBeInTheDocument();
    expect(screen.getByTestId("contact-form")).toBeInTheDocument();
  });
});
