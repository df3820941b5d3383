import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "antd";
import { describe, expect, it } from "vitest";

import { RequireViewer } from "../../auth/components/RequireViewer";
import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderWithProviders } from "../../../testing/renderApp";
import { PhoneLookupCard } from "../components/PhoneLookupCard";

const AGENT = viewerWith(
  [
    ["Mutation.customerPhoneLookup", "WRITE"],
    ["Mutation.ticketCreate", "WRITE"],
    ["Query.customers", "READ"],
    ["Query.customer", "READ"],
    ["Customer.name", "READ"],
    ["Customer.grade", "READ"],
    ["Customer.contacts", "READ"],
    ["Contact.name", "READ"],
    ["Contact.title", "READ"],
    ["Contact.isPrimary", "READ"],
    ["Contact.phones", "MASKED"],
  ],
  { id: "VXNlcjphZ2VudA==", name: "杨客服", roles: ["service_agent"] },
);
const CUSTOMER_ID = "Q3VzdG9tZXI6MQ==";
const contact = (id: string, name: string, phones: string[], isPrimary: boolean) => ({
  __typename: "Contact",
  id,
  name,
  title: null,
  isPrimary,
  phones,
});
const FOUND = {
  __typename: "Customer",
  id: CUSTOMER_ID,
  name: "来电客户有限公司",
  grade: "B",
  contacts: [contact("Q29udGFjdDox", "王总", ["139****0000"], true), contact("Q29udGFjdDoy", "李来电", ["138****5678"], false)],
};

const lookupPayload = (customers: unknown[] | null, userErrors: unknown[] = []) => ({
  data: { customerPhoneLookup: { __typename: "CustomerPhoneLookupPayload", customers, userErrors } },
});

/** An agent's desk: lookups answered by `lookup`, tickets created into `created`. */
const desk =
  (lookup: (phone: string) => ReturnType<FakeGraphqlResolver>, created: Array<Record<string, unknown>>): FakeGraphqlResolver =>
  (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(AGENT);
    if (operationName === "CustomerPhoneLookup") {
      // Masked phones are asked for (the agent may see them masked), and only what the agent may read.
      expect(variables).toMatchObject({ withGrade: true, withContacts: true, withPhones: true });
      return lookup((variables["input"] as { phone: string }).phone);
    }
    if (operationName === "TicketCreateContacts") {
      return { data: { customer: { __typename: "Customer", id: CUSTOMER_ID, name: FOUND.name, contacts: FOUND.contacts } } };
    }
    if (operationName === "TicketCreate") {
      created.push(variables["input"] as Record<string, unknown>);
      return {
        data: {
          ticketCreate: {
            __typename: "TicketPayload",
            ticket: { __typename: "Ticket", id: "VGlja2V0Ojk=", number: "T-2026-000009" },
            userErrors: [],
          },
        },
      };
    }
    throw new Error(`unexpected operation ${operationName}`);
  };

const renderCard = (resolve: FakeGraphqlResolver) =>
  renderWithProviders(
    <RequireViewer>
      <App component={false}>
        <PhoneLookupCard />
      </App>
    </RequireViewer>,
    resolve,
    { route: "/service" },
  );

const TIMEOUT = 30_000;

describe("PhoneLookupCard", () => {
  it(
    "finds the caller by their whole number and opens a phone ticket for them with the caller as contact",
    async () => {
      const user = userEvent.setup();
      const created: Array<Record<string, unknown>> = [];
      const app = renderCard(desk(() => lookupPayload([FOUND]), created));

      await user.type(await screen.findByPlaceholderText("来电的完整电话号码", {}, { timeout: 10_000 }), "138 1234 5678{Enter}");
      const result = await screen.findByTestId("phone-lookup-result");
      expect(result).toHaveTextContent("来电客户有限公司");
      expect(result).toHaveTextContent("138****5678");
      expect(within(result).getByTestId("phone-lookup-open")).toHaveAttribute("href", `/customers/${encodeURIComponent(CUSTOMER_ID)}`);

      await user.click(within(result).getByTestId("phone-lookup-new-ticket"));
      const dialog = await screen.findByRole("dialog");
      expect(dialog).toHaveTextContent("为来电客户有限公司新建工单");
      // The caller is the contact whose (masked) number fits the one typed, not the primary contact.
      await waitFor(() => expect(within(dialog).getByTestId("ticket-create-contact")).toHaveTextContent("李来电"));
      expect(within(dialog).getByTestId("ticket-create-channel")).toHaveTextContent("电话");
      await user.type(within(dialog).getByTestId("ticket-create-subject"), "打印机卡纸");
      await user.click(within(dialog).getByTestId("ticket-create-category"));
      await user.click(await screen.findByTitle("硬件故障"));
      await user.click(screen.getByTestId("ticket-create-submit"));

      await waitFor(() => expect(app.currentLocation()).toBe(`/service/tickets/${encodeURIComponent("VGlja2V0Ojk=")}`));
      expect(created).toEqual([
        {
          customerId: CUSTOMER_ID,
          contactId: "Q29udGFjdDoy",
          subject: "打印机卡纸",
          category: "hardware",
          priority: "NORMAL",
          channel: "PHONE",
          description: null,
        },
      ]);
    },
    TIMEOUT,
  );

  it(
    "says nobody has the number, and shows the server's reason when lookups are limited",
    async () => {
      const user = userEvent.setup();
      renderCard(
        desk(
          (phone) =>
            phone === "5678"
              ? lookupPayload([])
              : { errors: [{ message: "查找电话过于频繁，请在 300 秒后重试。", extensions: { code: "RATE_LIMITED", retryAfterSeconds: 300 } }] },
          [],
        ),
      );
      const input = await screen.findByPlaceholderText("来电的完整电话号码", {}, { timeout: 10_000 });
      await user.type(input, "5678{Enter}");
      expect(await screen.findByTestId("phone-lookup-none")).toHaveTextContent("没有客户使用这个号码");
      await user.clear(input);
      await user.type(input, "13812345678{Enter}");
      expect(await screen.findByTestId("phone-lookup-problem")).toHaveTextContent("300 秒后重试");
      expect(screen.queryByTestId("phone-lookup-result")).not.toBeInTheDocument();
    },
    TIMEOUT,
  );
});
