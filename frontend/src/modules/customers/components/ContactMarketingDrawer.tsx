import { Alert, Button, Drawer, Empty, Flex, Form, Grid, Input, Popconfirm, Radio, Select, Space, Spin, Tabs, Tag, Typography } from "antd";
import type { ButtonProps } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import type { ContactConsentFieldsFragment, MarketingChannel } from "../../../generated/graphql";
import { loadMarketingNamespace } from "../../../i18n/marketingNamespace";
import { useLazyNamespace } from "../../../i18n/useLazyNamespace";
import { useFormatters } from "../../format/hooks/useFormatters";
import { mutationProblem } from "../../graphql/errors/mutationProblem";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { CONTACT_CONSENT_SET_MUTATION } from "../graphql/contactConsentSetMutation";
import { CONTACT_MARKETING_CONSENTS_QUERY } from "../graphql/contactMarketingConsentsQuery";
import { CONTACT_MARKETING_LEDGER_QUERY } from "../graphql/contactMarketingLedgerQuery";

/** The channels of the schema's MarketingChannel, in the order the drawer lists them. */
export const MARKETING_CHANNELS: readonly MarketingChannel[] = ["EMAIL", "SMS", "WECHAT"];
/** Sources only the contact's own act records (the server refuses them from a person). */
const SELF_SOURCES = new Set(["unsubscribe_link", "sms_reply", "wechat_reply"]);
/** The longest source the server takes. */
const SOURCE_MAX = 64;
/** Where a person's record of consent comes from, picked from a list (stored as these codes, shown translated);
 * "other" takes the user's own words. */
const RECORDED_SOURCES = ["phone_call", "paper_form", "web_form", "in_person"] as const;
const OTHER = "other";
/** The server answers a contact's last 200 ledger rows, without pages. */
export const LEDGER_LIMIT = 200;

type Consent = ContactConsentFieldsFragment;
type ChangeValues = { channel: MarketingChannel; granted: boolean; source: string };
type FormValues = { channel: MarketingChannel; granted: boolean; sourceKind?: string; source?: string };

export type ContactMarketingDrawerProps = {
  customerId: string;
  contact: { id: string; name: string };
  /** May record a change (contactConsentSet). */
  canSet: boolean;
  /** May read the send ledger (contactMarketingLedger). */
  canReadLedger: boolean;
  onClose: () => void;
};

/** A contact's marketing consent per channel (with a form to record a change) and "why did they get this?". */
export const ContactMarketingDrawer = ({ customerId, contact, canSet, canReadLedger, onClose }: ContactMarketingDrawerProps) => {
  const { t } = useTranslation("marketing");
  const [tab, setTab] = useState("consent");
  // The strings come with the marketing pages' (not in the sign-in page's bundle).
  const ready = useLazyNamespace("marketing", loadMarketingNamespace);
  const screens = Grid.useBreakpoint();
  return (
    <Drawer
      open
      onClose={onClose}
      title={ready ? t("contactConsent.title", { name: contact.name }) : contact.name}
      size={screens.sm ? 520 : "100%"}
      styles={{ body: { paddingTop: 8 } }}
      destroyOnHidden
      data-testid="contact-marketing-drawer"
    >
      {!ready ? (
        <Spin />
      ) : (
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: "consent", label: t("contactConsent.tab"), children: <ConsentPanel customerId={customerId} contactId={contact.id} canSet={canSet} /> },
          ...(canReadLedger
            ? [{ key: "ledger", label: t("contactConsent.ledgerTab"), children: tab === "ledger" && <LedgerPanel contactId={contact.id} /> }]
            : []),
        ]}
      />
      )}
    </Drawer>
  );
};

const ConsentPanel = ({ customerId, contactId, canSet }: { customerId: string; contactId: string; canSet: boolean }) => {
  const { t } = useTranslation("marketing");
  const format = useFormatters();
  const context = useMemo(() => ({ additionalTypenames: ["ContactConsent"] }), []);
  const [{ data, error, fetching }, reexecute] = useQuery({ query: CONTACT_MARKETING_CONSENTS_QUERY, variables: { customerId }, context });
  // What the last change answered wins over the (older) query until it is reloaded.
  const [saved, setSaved] = useState<readonly Consent[] | null>(null);
  const loaded = data?.customer?.contacts?.find((each) => each.id === contactId)?.marketingConsents ?? null;
  const consents = saved ?? loaded;
  if (!data) {
    if (error) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
    return <Spin spinning={fetching} />;
  }
  const byChannel = new Map((consents ?? []).map((consent) => [consent.channel, consent]));
  return (
    <Flex vertical gap={16}>
      {consents === null ? (
        <Alert type="info" showIcon title={t("contactConsent.hidden")} />
      ) : (
        <div data-testid="consent-channels">
          {MARKETING_CHANNELS.map((channel) => {
            const consent = byChannel.get(channel);
            return (
              <Flex
                key={channel}
                justify="space-between"
                align="flex-start"
                gap={8}
                wrap
                style={{ paddingBlock: 8, borderBottom: "1px solid rgba(5, 5, 5, 0.06)" }}
                data-testid={`consent-${channel}`}
              >
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{t(`contactConsent.channel.${channel}`)}</Typography.Text>
                  {consent && (
                    <Typography.Text type="secondary">
                      {t("contactConsent.sourceAt", { source: sourceLabel(t, consent.source), at: format.dateTime(consent.updatedAt) })}
                    </Typography.Text>
                  )}
                  {consent?.grantedAt && (
                    <Typography.Text type="secondary">{t("contactConsent.grantedAt", { at: format.dateTime(consent.grantedAt) })}</Typography.Text>
                  )}
                  {consent?.revokedAt && (
                    <Typography.Text type="secondary">{t("contactConsent.revokedAt", { at: format.dateTime(consent.revokedAt) })}</Typography.Text>
                  )}
                </Space>
                <ConsentTag consent={consent} />
              </Flex>
            );
          })}
          <Typography.Text type="secondary" style={{ display: "block", marginTop: 8 }}>
            {t("contactConsent.noHistory")}
          </Typography.Text>
        </div>
      )}
      {canSet && consents !== null && (
        <ConsentChangeForm
          contactId={contactId}
          consents={byChannel}
          onSaved={(next) => {
            setSaved(next);
            reexecute({ requestPolicy: "network-only" });
          }}
        />
      )}
    </Flex>
  );
};

const ConsentTag = ({ consent }: { consent: Consent | undefined }) => {
  const { t } = useTranslation("marketing");
  if (!consent) return <Tag data-testid="consent-state">{t("contactConsent.state.none")}</Tag>;
  return consent.granted ? (
    <Tag color="green" data-testid="consent-state">
      {t("contactConsent.state.granted")}
    </Tag>
  ) : (
    <Tag color="red" data-testid="consent-state">
      {t("contactConsent.state.optedOut")}
    </Tag>
  );
};

type Translate = ReturnType<typeof useTranslation<"marketing">>["t"];

const KNOWN_SOURCES = ["web_form", "phone_call", "paper_form", "in_person", "unsubscribe_link", "sms_reply", "wechat_reply"] as const;

const sourceLabel = (t: Translate, source: string) =>
  (KNOWN_SOURCES as readonly string[]).includes(source) ? t(`contactConsent.source.${source as (typeof KNOWN_SOURCES)[number]}`) : source;

type ChangeFormProps = {
  contactId: string;
  consents: Map<MarketingChannel, Consent>;
  onSaved: (consents: readonly Consent[]) => void;
};

/** Records an opt-in or opt-out on one channel, or an opt-out of every channel (after a confirmation). */
const ConsentChangeForm = ({ contactId, consents, onSaved }: ChangeFormProps) => {
  const { t } = useTranslation("marketing");
  const [form] = Form.useForm<FormValues>();
  const [{ fetching: saving }, setConsent] = useMutation(CONTACT_CONSENT_SET_MUTATION);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const channel = Form.useWatch("channel", form);
  const granted = Form.useWatch("granted", form);
  const current = channel ? consents.get(channel) : undefined;
  // Opting in again over the contact's own opt-out: only a marketing manager, with the evidence as the source.
  const overOwnOptOut = granted === true && current !== undefined && !current.granted && SELF_SOURCES.has(current.source);
  const sourceKind = Form.useWatch("sourceKind", form);
  // The user's own words: for "other", and for the evidence an opt-in over the contact's own opt-out needs.
  const ownWords = overOwnOptOut || sourceKind === OTHER;
  const sourceOf = (values: FormValues): string => (ownWords || !values.sourceKind ? values.source ?? "" : values.sourceKind);

  /** Sends one change; the refusal's text, or null when it was recorded. */
  const send = async (values: ChangeValues): Promise<{ failure: string | null; consents: readonly Consent[] | null }> => {
    const result = await setConsent({ input: { contactId, channel: values.channel, granted: values.granted, source: values.source.trim() } }, {
      additionalTypenames: ["ContactConsent"],
    });
    const payload = result.data?.contactConsentSet;
    const found = mutationProblem({ error: result.error, payload });
    if (!found) return { failure: null, consents: payload?.consents ?? null };
    if (found.kind === "userErrors") {
      const onSource = found.userErrors.filter((userError) => userError.field?.endsWith("source"));
      if (onSource.length > 0) form.setFields([{ name: "source", errors: onSource.map((userError) => userError.message) }]);
      return { failure: found.userErrors.map((userError) => userError.message).join(" "), consents: null };
    }
    if (found.kind === "conflict") return { failure: t("contactConsent.conflict"), consents: null };
    // A refusal (FORBIDDEN) says why in the reader's language: e.g. the contact opted out themselves.
    const message = result.error?.graphQLErrors.find((graphqlError) => graphqlError.extensions["code"] !== "INTERNAL")?.message;
    return { failure: message || t("contactConsent.failed"), consents: null };
  };

  const submit = async (formValues: FormValues) => {
    const values: ChangeValues = { channel: formValues.channel, granted: formValues.granted, source: sourceOf(formValues) };
    setProblem(null);
    setDone(null);
    const { failure, consents: next } = await send(values);
    setProblem(failure);
    if (failure || !next) return;
    setDone(t(values.granted ? "contactConsent.savedIn" : "contactConsent.savedOut", { channel: t(`contactConsent.channel.${values.channel}`) }));
    onSaved(next);
  };

  const optOutAll = async () => {
    setProblem(null);
    setDone(null);
    const { errors } = await form.validateFields(ownWords ? ["source"] : ["sourceKind"]).then(
      () => ({ errors: false }),
      () => ({ errors: true }),
    );
    if (errors) return;
    const source = sourceOf(form.getFieldsValue(true) as FormValues);
    let last: readonly Consent[] | null = null;
    // A channel already opted out stays as it is (a contact's own opt-out stays theirs).
    for (const each of MARKETING_CHANNELS.filter((option) => consents.get(option)?.granted !== false)) {
      const { failure, consents: next } = await send({ channel: each, granted: false, source });
      if (failure) {
        setProblem(failure);
        if (last) onSaved(last);
        return;
      }
      last = next;
    }
    setDone(t("contactConsent.savedAllOut"));
    if (last) onSaved(last);
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ channel: "SMS" }} disabled={saving} data-testid="consent-form">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t("contactConsent.record")}
      </Typography.Title>
      {problem && <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} data-testid="consent-error" />}
      {done && <Alert type="success" showIcon title={done} style={{ marginBottom: 12 }} data-testid="consent-saved" />}
      <Form.Item name="channel" label={t("contactConsent.channelLabel")} rules={[{ required: true }]}>
        <Select
          options={MARKETING_CHANNELS.map((each) => ({ value: each, label: t(`contactConsent.channel.${each}`) }))}
          aria-label={t("contactConsent.channelLabel")}
          data-testid="consent-channel"
        />
      </Form.Item>
      <Form.Item name="granted" label={t("contactConsent.decision")} rules={[{ required: true, message: t("contactConsent.decisionRequired") }]}>
        <Radio.Group
          optionType="button"
          options={[
            { value: true, label: <span data-testid="consent-grant">{t("contactConsent.grant")}</span> },
            { value: false, label: <span data-testid="consent-revoke">{t("contactConsent.revoke")}</span> },
          ]}
        />
      </Form.Item>
      {overOwnOptOut && <Alert type="warning" showIcon title={t("contactConsent.ownOptOut")} style={{ marginBottom: 12 }} data-testid="consent-own-opt-out" />}
      {!overOwnOptOut && (
        <Form.Item name="sourceKind" label={t("contactConsent.sourceLabel")} rules={[{ required: true, message: t("contactConsent.sourceRequired") }]}>
          <Select
            aria-label={t("contactConsent.sourceLabel")}
            data-testid="consent-source-kind"
            options={[
              ...RECORDED_SOURCES.map((each) => ({ value: each, label: t(`contactConsent.source.${each}`) })),
              { value: OTHER, label: t("contactConsent.sourceOther") },
            ]}
          />
        </Form.Item>
      )}
      {ownWords && (
        <Form.Item
          name="source"
          label={overOwnOptOut ? t("contactConsent.evidence") : t("contactConsent.sourceOwnWords")}
          extra={t("contactConsent.sourceHelp")}
          rules={[
            { required: true, whitespace: true, message: t("contactConsent.sourceRequired") },
            { max: SOURCE_MAX, message: t("contactConsent.sourceTooLong", { max: SOURCE_MAX }) },
          ]}
        >
          <Input maxLength={SOURCE_MAX} aria-label={t("contactConsent.sourceOwnWords")} data-testid="consent-source" />
        </Form.Item>
      )}
      <Flex gap={8} wrap>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="consent-save">
          {t("contactConsent.save")}
        </Button>
        <Popconfirm
          title={t("contactConsent.allOutConfirm")}
          onConfirm={optOutAll}
          okText={t("contactConsent.allOutOk")}
          okButtonProps={{ danger: true, "data-testid": "consent-all-out-confirm" } as ButtonProps}
        >
          <Button danger disabled={saving} data-testid="consent-all-out">
            {t("contactConsent.allOut")}
          </Button>
        </Popconfirm>
      </Flex>
    </Form>
  );
};

const STATUS_COLORS: Record<string, string> = { sent: "green", skipped: "default", failed: "red", bounced: "orange", pending: "blue", sending: "blue" };
const SKIP_REASONS = ["no_consent", "opted_out", "no_address", "suppressed", "frequency_cap", "no_content"] as const;
const STATUSES = ["pending", "sending", "sent", "skipped", "failed", "bounced"] as const;
const EVENTS = ["delivered", "opened", "clicked", "unsubscribed", "bounced"] as const;

const LedgerPanel = ({ contactId }: { contactId: string }) => {
  const { t } = useTranslation("marketing");
  const format = useFormatters();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: CONTACT_MARKETING_LEDGER_QUERY, variables: { contactId }, requestPolicy: "cache-and-network" });
  if (!data) {
    if (error) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
    return <Spin spinning={fetching} />;
  }
  const rows = data.contactMarketingLedger;
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("contactConsent.ledgerEmpty")} />;
  const known = <T extends string>(list: readonly T[], value: string | null | undefined): value is T => !!value && (list as readonly string[]).includes(value);
  return (
    <Flex vertical gap={0} data-testid="contact-ledger">
      {rows.length >= LEDGER_LIMIT && <Alert type="info" showIcon title={t("contactConsent.ledgerLimit", { limit: LEDGER_LIMIT })} style={{ marginBottom: 8 }} />}
      {rows.map((row, index) => {
        const source = row.campaign ? t("contactConsent.campaign", { name: row.campaign.name }) : row.journey ? t("contactConsent.journey", { name: row.journey.name }) : t("contactConsent.hiddenSource");
        return (
          <div key={index} style={{ paddingBlock: 8, borderBottom: "1px solid rgba(5, 5, 5, 0.06)" }} data-testid="ledger-row">
            <Flex justify="space-between" gap={8} wrap>
              <Typography.Text strong>{source}</Typography.Text>
              <Space size={4} wrap>
                <Tag>{t(`contactConsent.channel.${row.channel}`)}</Tag>
                <Tag color={STATUS_COLORS[row.status] ?? "default"}>{known(STATUSES, row.status) ? t(`contactConsent.status.${row.status}`) : row.status}</Tag>
              </Space>
            </Flex>
            {row.skipReason && (
              <Typography.Text type="secondary" style={{ display: "block" }} data-testid="ledger-reason">
                {t("contactConsent.reason", { reason: known(SKIP_REASONS, row.skipReason) ? t(`contactConsent.skip.${row.skipReason}`) : row.skipReason })}
              </Typography.Text>
            )}
            {row.error && (
              <Typography.Text type="secondary" style={{ display: "block" }}>
                {t("contactConsent.error", { error: row.error })}
              </Typography.Text>
            )}
            <Typography.Text type="secondary" style={{ display: "block" }}>
              {[
                t("contactConsent.createdAt", { at: format.dateTime(row.createdAt) }),
                row.sentAt && t("contactConsent.sentAt", { at: format.dateTime(row.sentAt) }),
                row.deliveredAt && t("contactConsent.deliveredAt", { at: format.dateTime(row.deliveredAt) }),
                row.address,
              ]
                .filter(Boolean)
                .join(" · ")}
            </Typography.Text>
            {row.events.length > 0 && (
              <Space size={4} wrap style={{ marginTop: 4 }}>
                {row.events.map((event, at) => (
                  <Tag key={at} bordered={false}>
                    {known(EVENTS, event.kind) ? t(`contactConsent.event.${event.kind}`) : event.kind}
                    {event.machine ? ` (${t("contactConsent.machine")})` : ""} {format.dateTime(event.at)}
                  </Tag>
                ))}
              </Space>
            )}
          </div>
        );
      })}
    </Flex>
  );
};
