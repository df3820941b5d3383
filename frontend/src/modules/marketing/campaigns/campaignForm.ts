import type { MarketingChannel } from "../../../generated/graphql";
import { userErrorPath, type UserError } from "../../graphql/errors/mutationProblem";

export const CAMPAIGN_CHANNELS: readonly MarketingChannel[] = ["EMAIL", "SMS", "WECHAT"];
export const CAMPAIGN_LOCALES = ["zh-CN", "en"] as const;
export type CampaignLocale = (typeof CAMPAIGN_LOCALES)[number];

/** One message's text in the form: `contents[channel][locale]`. */
export type ContentValues = { subject?: string | null; body?: string | null };

export type CampaignFormValues = {
  name: string;
  goal?: string | null;
  channels: MarketingChannel[];
  budget?: number | string | null;
  segmentId?: string | null;
  contents?: Partial<Record<MarketingChannel, Partial<Record<CampaignLocale, ContentValues>>>>;
};

export type SentContent = { channel: MarketingChannel; locale: string; subject: string | null; body: string };

/** The contents to send: each chosen channel's languages that have a body (an email's subject with it). */
export const contentsOf = (values: CampaignFormValues): SentContent[] =>
  values.channels.flatMap((channel) =>
    CAMPAIGN_LOCALES.flatMap((locale) => {
      const content = values.contents?.[channel]?.[locale];
      const body = content?.body?.trim() ?? "";
      const subject = content?.subject?.trim() || null;
      if (!body && !subject) return [];
      return [{ channel, locale, subject: channel === "EMAIL" ? subject : null, body }];
    }),
  );

/** campaignSave's input from the form. */
export const campaignSaveInput = (values: CampaignFormValues, id: string | null, version: number | null) => ({
  id,
  version,
  name: values.name.trim(),
  goal: values.goal?.trim() || null,
  channels: values.channels,
  budget: values.budget === null || values.budget === undefined || values.budget === "" ? null : String(values.budget),
  segmentId: values.segmentId ?? null,
  contents: contentsOf(values),
});

export type FieldError = { name: (string | number)[]; errors: string[] };

/**
 * Where each userError of campaignSave (or schedule / send now) goes: `name`, `goal`, `channels`, `budget` and
 * `segmentId` on their fields; `contents.<i>.<key>` on the subject or body of the i-th content that was sent; the
 * rest (a stale draft, approval needed, missing content) above the form.
 */
export const campaignFieldErrors = (
  userErrors: readonly UserError[],
  sent: readonly SentContent[],
): { fields: FieldError[]; general: string[] } => {
  const byField = new Map<string, FieldError>();
  const general: string[] = [];
  const add = (name: (string | number)[], message: string) => {
    const key = name.join(".");
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(message);
    byField.set(key, entry);
  };
  for (const userError of userErrors) {
    const path = userErrorPath(userError.field);
    const [head, index, key] = path;
    if (head === "name" || head === "goal" || head === "channels" || head === "budget" || head === "segmentId") {
      add([head], userError.message);
    } else if (head === "contents" && index !== undefined && sent[Number(index)] !== undefined) {
      const content = sent[Number(index)] as SentContent;
      const part = key === "subject" ? "subject" : "body";
      if (key === "channel") add(["channels"], userError.message);
      else add(["contents", content.channel, content.locale, part], userError.message);
    } else {
      general.push(userError.message);
    }
  }
  return { fields: [...byField.values()], general };
};

/** Whether a userError says a marketing manager must approve the campaign first. */
export const needsApproval = (userErrors: readonly UserError[] | undefined) =>
  (userErrors ?? []).some((userError) => userError.code === "APPROVAL_REQUIRED");
