import { describe, expect, it } from "vitest";

import { campaignFieldErrors, campaignSaveInput, contentsOf, needsApproval, type CampaignFormValues } from "../campaigns/campaignForm";

const values: CampaignFormValues = {
  name: "  Spring tea ",
  goal: "",
  channels: ["EMAIL", "SMS"],
  budget: "1000.50",
  segmentId: "U2VnbWVudDox",
  contents: {
    EMAIL: { "zh-CN": { subject: "春茶", body: "{{contact.name}} 您好" }, en: { subject: "", body: "" } },
    SMS: { en: { body: "Hi {{customer.name}}" } },
    WECHAT: { "zh-CN": { body: "not a chosen channel" } },
  },
};

describe("the campaign form", () => {
  it("sends the chosen channels' contents that have text, a subject only for email", () => {
    expect(campaignSaveInput(values, null, null)).toEqual({
      id: null,
      version: null,
      name: "Spring tea",
      goal: null,
      channels: ["EMAIL", "SMS"],
      budget: "1000.50",
      segmentId: "U2VnbWVudDox",
      contents: [
        { channel: "EMAIL", locale: "zh-CN", subject: "春茶", body: "{{contact.name}} 您好" },
        { channel: "SMS", locale: "en", subject: null, body: "Hi {{customer.name}}" },
      ],
    });
  });

  it("puts each userError on its field: a content's error on the subject or body that was sent at that index", () => {
    const sent = contentsOf(values);
    const split = campaignFieldErrors(
      [
        { field: "name", message: "Give the campaign a name.", code: "BAD_USER_INPUT" },
        { field: "contents.1.body", message: "Unknown merge field {{x}}.", code: "BAD_USER_INPUT" },
        { field: "input.contents.0.subject", message: "An email needs a subject.", code: "BAD_USER_INPUT" },
        { field: "contents.0.channel", message: "Not a channel of the campaign.", code: "BAD_USER_INPUT" },
        { field: "budget", message: "The budget cannot be negative.", code: "BAD_USER_INPUT" },
        { field: "id", message: "Only a draft campaign can be changed.", code: "BAD_USER_INPUT" },
        { field: null, message: "Something general.", code: "BAD_USER_INPUT" },
        { field: "contents.7.body", message: "Beyond what was sent.", code: "BAD_USER_INPUT" },
      ],
      sent,
    );
    expect(split.fields).toEqual([
      { name: ["name"], errors: ["Give the campaign a name."] },
      { name: ["contents", "SMS", "en", "body"], errors: ["Unknown merge field {{x}}."] },
      { name: ["contents", "EMAIL", "zh-CN", "subject"], errors: ["An email needs a subject."] },
      { name: ["channels"], errors: ["Not a channel of the campaign."] },
      { name: ["budget"], errors: ["The budget cannot be negative."] },
    ]);
    expect(split.general).toEqual(["Only a draft campaign can be changed.", "Something general.", "Beyond what was sent."]);
  });

  it("recognises the approval-required answer of send now and schedule", () => {
    expect(needsApproval([{ field: "id", message: "needs approval", code: "APPROVAL_REQUIRED" }])).toBe(true);
    expect(needsApproval([{ field: "id", message: "ended", code: "BAD_USER_INPUT" }])).toBe(false);
    expect(needsApproval(undefined)).toBe(false);
  });
});
