import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../../testing/fixtures";
import { renderApp } from "../../../../testing/renderApp";
import { isPastDay } from "../CampaignActions";

const ID = "Q2FtcGFpZ246MQ==";

const MARKETER = viewerWith([
  ["Query.campaign", "READ"],
  ["Query.campaigns", "READ"],
  ["Campaign.name", "READ"],
  ["Mutation.campaignSendNow", "WRITE"],
  ["Mutation.campaignSchedule", "WRITE"],
  ["Mutation.campaignCancel", "WRITE"],
]);

const campaign = {
  __typename: "Campaign",
  id: ID,
  version: 1,
  name: "冬季唤醒邮件",
  goal: null,
  channels: ["EMAIL"],
  budget: null,
  status: "DRAFT",
  audienceSize: null,
  scheduledAt: null,
  approvedAt: null,
  startedAt: null,
  finishedAt: null,
  segmentId: null,
  actualCost: "0.00",
  contents: [],
  costs: [],
  progress: null,
};

const server =
  (sendNow: () => FakeGraphqlResponse, shown: Record<string, unknown> = campaign): FakeGraphqlResolver =>
  (operationName) => {
    if (operationName === "Viewer") return viewerResponse(MARKETER);
    if (operationName === "CampaignDetail") return { data: { campaign: shown } };
    if (operationName === "CampaignSendNow") return sendNow();
    return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
  };

// The page and its lazy strings load on first use: the first test pays for the transform.
const LOAD = { timeout: 40000 };

const sendNow = async () => {
  await userEvent.click(await screen.findByTestId("campaign-send-now", {}, LOAD));
  await userEvent.click(await screen.findByTestId("campaign-send-now-confirm"));
};

const refused = (code: string, message: string) => (): FakeGraphqlResponse => ({
  data: {
    campaignSendNow: {
      __typename: "CampaignPayload",
      campaign: null,
      userErrors: [{ __typename: "UserError", field: "id", message, code }],
    },
  },
});

describe("CampaignActions", () => {
  it("says that a manager must approve, and stays said", { timeout: 60000 }, async () => {
    renderApp(server(refused("APPROVAL_REQUIRED", "受众超过审批阈值")), { route: `/marketing/campaigns/${ID}` });
    await sendNow();
    const told = await screen.findByTestId("campaign-approval-required");
    // Someone who may not approve is told whom to ask, in one sentence (not the server's text plus a sentence).
    expect(told).toHaveTextContent("请联系市场经理审批，审批通过后再发送。");
    expect(told).not.toHaveTextContent("受众超过审批阈值");
    expect(screen.queryByTestId("campaign-action-error")).toBeNull();
  });

  it("keeps a refusal on the page instead of a toast that vanishes", { timeout: 30000 }, async () => {
    renderApp(server(refused("BAD_USER_INPUT", "请为每个渠道填写内容。")), { route: `/marketing/campaigns/${ID}` });
    await sendNow();
    await waitFor(() => expect(screen.getByTestId("campaign-action-error")).toHaveTextContent("请为每个渠道填写内容。"));
    expect(screen.queryByTestId("campaign-approval-required")).toBeNull();
  });

  it("keeps send now and schedule off while the draft has unsaved edits", { timeout: 30000 }, async () => {
    renderApp(server(refused("BAD_USER_INPUT", "不应发送")), { route: `/marketing/campaigns/${ID}` });
    const send = await screen.findByTestId("campaign-send-now", {}, LOAD);
    expect(send).toBeEnabled();
    expect(screen.queryByTestId("campaign-unsaved")).toBeNull();
    await userEvent.type(screen.getByTestId("campaign-name"), "（改）");
    expect(await screen.findByTestId("campaign-unsaved")).toHaveTextContent("有未保存的修改，请先保存草稿。");
    expect(screen.getByTestId("campaign-send-now")).toBeDisabled();
    // The schedule picker is named for screen readers (not by its placeholder only).
    expect(screen.getByLabelText("选择发送时间")).toBeInTheDocument();
  });

  it("shows a sent campaign's audience segment, channels, budget, what it sent and that nothing went out", { timeout: 30000 }, async () => {
    const done = {
      ...campaign,
      status: "DONE",
      segmentId: "U2VnbWVudDo3",
      channels: ["EMAIL", "SMS"],
      budget: "5000.00",
      contents: [{ __typename: "CampaignContent", channel: "EMAIL", locale: "zh-CN", subject: "冬季特惠", body: "您好，{{contact.name}}" }],
      progress: {
        __typename: "CampaignProgress",
        total: 3,
        pending: 0,
        sent: 0,
        skipped: 3,
        skippedByReason: [{ __typename: "SkipCount", reason: "no_consent", count: 3 }],
        failed: 0,
        bounced: 0,
        opened: 0,
        clicked: 0,
        unsubscribed: 0,
        humanOpens: 0,
        humanClicks: 0,
      },
    };
    renderApp(server(refused("BAD_USER_INPUT", "—"), done), { route: `/marketing/campaigns/${ID}` });
    expect(await screen.findByTestId("campaign-segment-link", {}, LOAD)).toHaveAttribute("href", "/marketing/segments/U2VnbWVudDo3");
    expect(screen.getByText("邮件 / 短信")).toBeInTheDocument();
    expect(screen.getByTestId("campaign-contents")).toHaveTextContent("冬季特惠");
    expect(screen.getByTestId("campaign-contents")).toHaveTextContent("邮件 · 中文");
    expect(screen.queryByTestId("campaign-name")).toBeNull();
    // Every message skipped: not a green 100 %, and why.
    expect(screen.getByTestId("campaign-progress-bar")).toHaveClass("ant-progress-status-exception");
    expect(screen.getByTestId("campaign-no-consent")).toHaveTextContent("有 3 位联系人尚未同意接收该渠道的营销消息。");
    expect(screen.getByText("消息总数")).toBeInTheDocument();
  });

  it("offers no past day to schedule on", () => {
    expect(isPastDay(dayjs().subtract(1, "day"))).toBe(true);
    expect(isPastDay(dayjs())).toBe(false);
    expect(isPastDay(dayjs().add(3, "day"))).toBe(false);
  });
});
