import { Button, Flex, Input, InputNumber, Select, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import { usePermissions } from "../../../permissions/hooks/usePermissions";
import { SEGMENT_LIST_QUERY } from "../../segments/segmentListQuery";
import type { JourneyFlowNode, NodeConfig } from "../utils/journeyGraph";
import { choiceLabel } from "../utils/nodeSummary";

type NodeConfigPanelProps = {
  node: JourneyFlowNode;
  onChange: (config: NodeConfig) => void;
  onDelete: () => void;
};

type Content = Record<string, { subject?: string; body?: string }>;

const str = (value: unknown): string => (typeof value === "string" ? value : "");
const num = (value: unknown): number | null => (typeof value === "number" ? value : null);

/** A labelled input (antd's Form is not needed here: the config is kept in the canvas's node). */
const Field = ({ label, extra, children }: { label: string; extra?: ReactNode; children: ReactNode }) => (
  <label style={{ display: "block", marginBottom: 10 }}>
    <Typography.Text type="secondary">{label}</Typography.Text>
    {children}
    {extra && <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>{extra}</Typography.Text>}
  </label>
);

/** The segment-entry trigger's segment, chosen by name (as the campaign form does); the raw id where lists are off. */
const SegmentChoice = ({ value, onChange, label }: { value: string; onChange: (id: string | undefined) => void; label: string }) => {
  const { t } = useTranslation("marketingFlows");
  const permissions = usePermissions();
  const [search, setSearch] = useState("");
  const canList = permissions.canQuery("segments");
  const [segments] = useQuery({
    query: SEGMENT_LIST_QUERY,
    variables: { first: 50, filter: search ? { search } : null, withOwner: false },
    pause: !canList,
  });
  return (
    <Field label={label}>
      {canList ? (
        <Select
          showSearch
          allowClear
          filterOption={false}
          onSearch={setSearch}
          loading={segments.fetching}
          data-testid="config-segmentId"
          style={{ width: "100%" }}
          placeholder={t("config.segmentPlaceholder")}
          value={value || undefined}
          onChange={(id: string | undefined) => onChange(id)}
          options={segments.data?.segments.nodes.map((segment) => ({ value: segment.id, label: segment.name }))}
        />
      ) : (
        <Input data-testid="config-segmentId" value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
};

/** Drops the keys left empty, so the saved config has only what was entered. */
const compact = (config: NodeConfig): NodeConfig =>
  Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined && value !== null && value !== ""));

/** The selected node's configuration: the inputs its type takes (see graph.py's NODE_KEYS). */
export const NodeConfigPanel = ({ node, onChange, onDelete }: NodeConfigPanelProps) => {
  const { t } = useTranslation("marketingFlows");
  const config = node.data.config;
  /** The panel's fixed choices, by their label in the reader's language. */
  const labelled = (group: string, values: string[]) =>
    values.map((value) => ({ value, label: choiceLabel(t as never, group, value) }));
  // Tags are typed comma-separated; the text is kept as typed (the panel is keyed by node).
  const [tagText, setTagText] = useState(() => (Array.isArray(config.tags) ? (config.tags as string[]).join(", ") : ""));
  const set = (changes: NodeConfig) => onChange(compact({ ...config, ...changes }));
  const field = (key: string, label: string) => (
    <Field label={label}>
      <Input data-testid={`config-${key}`} value={str(config[key])} onChange={(e) => set({ [key]: e.target.value })} />
    </Field>
  );
  const number = (key: string, label: string, min = 0) => (
    <Field label={label}>
      <InputNumber
        data-testid={`config-${key}`}
        min={min}
        precision={0}
        style={{ width: "100%" }}
        value={num(config[key])}
        onChange={(value) => set({ [key]: value ?? undefined })}
      />
    </Field>
  );
  const choice = (key: string, label: string, options: { value: string; label: string }[]) => (
    <Field label={label}>
      <Select
        data-testid={`config-${key}`}
        value={str(config[key]) || undefined}
        options={options}
        onChange={(value: string) => set({ [key]: value })}
      />
    </Field>
  );
  const secret = () => (
    <Field label={t("config.secret")} extra={config.secretSet ? t("config.secretSet") : undefined}>
      <Input.Password data-testid="config-secret" value={str(config.secret)} onChange={(e) => set({ secret: e.target.value })} />
    </Field>
  );
  const since = () =>
    choice("since", t("config.since"), [
      { value: "entered", label: t("config.sinceEntered") },
      { value: "previous_step", label: t("config.sincePrevious") },
    ]);

  const body = () => {
    switch (node.data.kind) {
      case "trigger":
        return (
          <>
            {choice(
              "kind",
              t("config.kind"),
              (["segment_entry", "event", "date", "page_view"] as const).map((value) => ({
                value,
                label: t(`config.triggerKind.${value}`),
              })),
            )}
            {config.kind === "segment_entry" && (
              <SegmentChoice value={str(config.segmentId)} label={t("config.segment")} onChange={(segmentId) => set({ segmentId })} />
            )}
            {config.kind === "event" &&
              choice("event", t("config.event"), labelled("eventName", ["order.placed", "ticket.closed", "lead.created", "customer.churn_risk_high"]))}
            {config.kind === "date" &&
              choice("field", t("config.field"), labelled("dateField", ["created_at", "birth_date"]))}
            {config.kind === "page_view" && field("pattern", t("config.pattern"))}
          </>
        );
      case "wait":
        return (
          <>
            {number("days", t("config.days"))}
            {number("hours", t("config.hours"))}
            {number("minutes", t("config.minutes"))}
            {field("until", t("config.until"))}
          </>
        );
      case "condition":
        return (
          <>
            {choice(
              "kind",
              t("config.kind"),
              (["ordered_within", "has_tag", "viewed_page", "engaged"] as const).map((value) => ({
                value,
                label: t(`config.conditionKind.${value}`),
              })),
            )}
            {(config.kind === "ordered_within" || config.kind === "viewed_page") && (
              <>
                {number("hours", t("config.hours"), 1)}
                {since()}
              </>
            )}
            {config.kind === "viewed_page" && field("pattern", t("config.pattern"))}
            {config.kind === "has_tag" && field("tag", t("config.tag"))}
            {config.kind === "engaged" &&
              choice("event", t("config.engagedEvent"), labelled("engagedEventName", ["opened", "clicked"]))}
          </>
        );
      case "send": {
        const content = (typeof config.content === "object" && config.content ? config.content : {}) as Content;
        const languages = Object.keys(content).length ? Object.keys(content) : ["zh-CN"];
        const setText = (language: string, key: "subject" | "body", value: string) =>
          set({ content: { ...content, [language]: { ...content[language], [key]: value } } });
        return (
          <>
            {choice("channel", t("config.channel"), labelled("channelName", ["sms", "email", "webhook"]))}
            <Field label={t("config.language")}>
              <Select
                mode="multiple"
                data-testid="config-languages"
                value={languages}
                options={labelled("languageName", ["zh-CN", "en"])}
                onChange={(chosen: string[]) =>
                  set({ content: Object.fromEntries(chosen.map((language) => [language, content[language] ?? { subject: "", body: "" }])) })
                }
              />
            </Field>
            {languages.map((language) => (
              <div key={language}>
                <Typography.Text type="secondary">{choiceLabel(t as never, "languageName", language)}</Typography.Text>
                {config.channel === "email" && (
                  <Field label={t("config.subject")}>
                    <Input
                      data-testid={`config-subject-${language}`}
                      value={content[language]?.subject ?? ""}
                      onChange={(e) => setText(language, "subject", e.target.value)}
                    />
                  </Field>
                )}
                <Field label={t("config.body")}>
                  <Input.TextArea
                    data-testid={`config-body-${language}`}
                    rows={3}
                    value={content[language]?.body ?? ""}
                    onChange={(e) => setText(language, "body", e.target.value)}
                  />
                </Field>
              </div>
            ))}
          </>
        );
      }
      case "task":
        return (
          <>
            {field("title", t("config.title"))}
            {field("notes", t("config.notes"))}
            {number("dueInHours", t("config.dueInHours"))}
          </>
        );
      case "tag_add":
      case "tag_remove":
        return (
          <Field label={t("config.tags")}>
            <Input
              data-testid="config-tags"
              value={tagText}
              onChange={(e) => {
                setTagText(e.target.value);
                set({ tags: e.target.value.split(/[,，]/).map((tag) => tag.trim()).filter(Boolean) });
              }}
            />
          </Field>
        );
      case "webhook":
        return (
          <>
            {field("url", t("config.url"))}
            {secret()}
          </>
        );
      case "audience":
        return (
          <>
            {choice("mode", t("config.mode"), [
              { value: "file", label: t("config.modeFile") },
              { value: "webhook", label: t("config.modeWebhook") },
            ])}
            {field("audience", t("config.audience"))}
            {config.mode === "webhook" && (
              <>
                {field("url", t("config.url"))}
                {secret()}
              </>
            )}
          </>
        );
    }
  };

  return (
    <Flex vertical data-testid="node-config-panel">
      <Typography.Title level={5}>
        {t(`node.${node.data.kind}`)} · {node.id}
      </Typography.Title>
      {node.data.error && <Typography.Paragraph type="danger">{node.data.error}</Typography.Paragraph>}
      {body()}
      <Button danger data-testid="node-delete" onClick={onDelete}>
        {t("editor.deleteNode")}
      </Button>
    </Flex>
  );
};
