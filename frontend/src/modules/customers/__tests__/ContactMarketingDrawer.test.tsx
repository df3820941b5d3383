import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderWithProviders } from "../../../testing/renderApp";
import { ContactMarketingDrawer } from "../components/ContactMarketingDrawer";

const CUSTOMER = "Q3VzdG9tZXI6MQ";
const CONTACT = "Q29udGFjdDox";

const consent = (channel: string, granted: boolean, source: string) => ({
  __typename: "ContactConsent",
  channel,
  granted,
  source,
  grantedAt: granted ? "2026-11-01T08:00:00+00:00" : null,
  revokedAt: granted ? null : "2026-11-02T08:00:00+00:00",
  updatedAt: "2026-11-02T08:00:00+00:00",
});

const consentsAnswer = (consents: unknown[]): FakeGraphqlResponse => ({
  data: {
    customer: {
      __typename: "Customer",
      id: CUSTOMER,
      contacts: [{ __typename: "Contact", id: CONTACT, marketingConsents: consents }],
    },
  },
});

const ledger = [
  {
    __typename: "MarketingLedgerEntry",
    campaign: { __typename: "Campaign", id: "Q2FtcGFpZ246MQ", name: "冬季焕新邮件" },
    journey: null,
    channel: "EMAIL",
    status: "skipped",
    skipReason: "opted_out",
    address: "z***@example.com",
    error: null,
    createdAt: "2026-11-03T08:00:00+00:00",
    sentAt: null,
    deliveredAt: null,
    events: [],
  },
];

const server =
  (setConsent: (variables: Record<string, unknown>) => FakeGraphqlResponse): FakeGraphqlResolver =>
  (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(viewerWith([]));
    if (operationName === "ContactMarketingConsents") return consentsAnswer([consent("EMAIL", false, "unsubscribe_link")]);
    if (operationName === "ContactMarketingLedger") return { data: { contactMarketingLedger: ledger } };
    if (operationName === "ContactConsentSet") return setConsent(variables);
    return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
  };

const drawer = (setConsent: (variables: Record<string, unknown>) => FakeGraphqlResponse) =>
  renderWithProviders(
    <ContactMarketingDrawer customerId={CUSTOMER} contact={{ id: CONTACT, name: "王芳" }} canSet canReadLedger onClose={() => undefined} />,
    server(setConsent),
  );

const state = (channel: string) => within(screen.getByTestId(`consent-${channel}`)).getByTestId("consent-state");

/** Picks where the consent came from in the form's list (the translated names of the stored codes). */
const pickSource = async (label: string) => {
  await userEvent.click(screen.getByTestId("consent-source-kind"));
  await userEvent.click(await screen.findByText(label, { selector: ".ant-select-item-option-content" }));
};

describe("ContactMarketingDrawer", () => {
  it("shows each channel's consent and records an SMS opt-in with its source", { timeout: 30000 }, async () => {
    const rendered = drawer(() => ({
      data: {
        contactConsentSet: {
          __typename: "ContactConsentPayload",
          consents: [consent("EMAIL", false, "unsubscribe_link"), consent("SMS", true, "phone_call")],
          userErrors: [],
        },
      },
    }));
    await screen.findByTestId("consent-channels", {}, { timeout: 10000 });
    expect(state("EMAIL")).toHaveTextContent("已退订");
    expect(screen.getByTestId("consent-EMAIL")).toHaveTextContent("退订链接（本人）");
    expect(state("SMS")).toHaveTextContent("未记录");
    expect(state("WECHAT")).toHaveTextContent("未记录");

    await pickSource("电话");
    await userEvent.click(screen.getByTestId("consent-save"));
    // No decision is made for the user: the form asks for one before anything is sent.
    expect(await screen.findByText("请选择同意接收或退订。")).toBeInTheDocument();
    expect(rendered.calls.some((call) => call.operationName === "ContactConsentSet")).toBe(false);
    await userEvent.click(screen.getByTestId("consent-grant"));
    await userEvent.click(screen.getByTestId("consent-save"));
    await waitFor(() => expect(state("SMS")).toHaveTextContent("已同意"));
    expect(screen.getByTestId("consent-saved")).toHaveTextContent("已记录短信同意。");
    const sent = rendered.calls.filter((call) => call.operationName === "ContactConsentSet");
    expect(sent).toEqual([
      { operationName: "ContactConsentSet", variables: { input: { contactId: CONTACT, channel: "SMS", granted: true, source: "phone_call" } } },
    ]);
  });

  it("keeps the server's refusal on the form, and warns before an opt-in over the contact's own opt-out", { timeout: 30000 }, async () => {
    drawer(() => ({
      data: null,
      errors: [{ message: "该联系人已自行退订；只有市场经理可以在注明证据来源的情况下重新为其订阅。", extensions: { code: "FORBIDDEN" } }],
    }));
    await screen.findByTestId("consent-channels", {}, { timeout: 10000 });
    await userEvent.click(screen.getByTestId("consent-channel"));
    await userEvent.click(await screen.findByText("邮件", { selector: ".ant-select-item-option-content" }));
    await userEvent.click(screen.getByTestId("consent-grant"));
    expect(await screen.findByTestId("consent-own-opt-out")).toHaveTextContent("只有市场经理可以重新订阅");
    await userEvent.type(screen.getByTestId("consent-source"), "phone_call");
    await userEvent.click(screen.getByTestId("consent-save"));
    expect(await screen.findByTestId("consent-error")).toHaveTextContent("该联系人已自行退订；只有市场经理可以在注明证据来源的情况下重新为其订阅。");
    expect(state("EMAIL")).toHaveTextContent("已退订");
  });

  it("asks before opting out of every channel, then sends one opt-out per channel not yet opted out", { timeout: 30000 }, async () => {
    const rendered = drawer((variables) => {
      const input = variables.input as { channel: string };
      return { data: { contactConsentSet: { __typename: "ContactConsentPayload", consents: [consent(input.channel, false, "paper_form")], userErrors: [] } } };
    });
    await screen.findByTestId("consent-channels", {}, { timeout: 10000 });
    await pickSource("纸质表单");
    await userEvent.click(screen.getByTestId("consent-all-out"));
    expect(rendered.calls.some((call) => call.operationName === "ContactConsentSet")).toBe(false);
    await userEvent.click(await screen.findByTestId("consent-all-out-confirm"));
    expect(await screen.findByTestId("consent-saved")).toHaveTextContent("已退订全部渠道。");
    const channels = rendered.calls.filter((call) => call.operationName === "ContactConsentSet").map((call) => (call.variables["input"] as { channel: string; granted: boolean }));
    // Email is already out by the contact's own act: left as it is.
    expect(channels.map((input) => [input.channel, input.granted])).toEqual([
      ["SMS", false],
      ["WECHAT", false],
    ]);
  });

  it("lists why the contact got what they got", { timeout: 30000 }, async () => {
    drawer(() => ({ data: null }));
    await userEvent.click(await screen.findByRole("tab", { name: "发送记录" }, { timeout: 10000 }));
    const row = await screen.findByTestId("ledger-row");
    expect(row).toHaveTextContent("活动：冬季焕新邮件");
    expect(row).toHaveTextContent("已跳过");
    expect(within(row).getByTestId("ledger-reason")).toHaveTextContent("原因：已退订");
  });
});
