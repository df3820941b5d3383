import { ReloadOutlined } from "@ant-design/icons";
import { Button, Card, Col, Descriptions, Empty, Flex, Grid, List, Result, Row, Segmented, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import type { AdminDevInboxQuery } from "../../../generated/graphql";
import { isLanguage } from "../../../i18n/languages";
import { useFormatters } from "../../format/hooks/useFormatters";
import { hasGraphqlErrorCode } from "../../graphql/errors/hasGraphqlErrorCode";
import { PageLoading } from "../../ui/components/PageLoading";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { ADMIN_DEV_INBOX_QUERY } from "../graphql/adminDevInboxQuery";

type InboxMessage = AdminDevInboxQuery["devInbox"][number];

/** A message's language by name (中文, English); a code Rapport does not ship stays as it came. */
const useLanguageName = () => {
  const { t } = useTranslation();
  return (code: string) => (isLanguage(code) ? t(`language.${code}`) : code);
};

const MessageView = ({ message }: { message: InboxMessage }) => {
  const { t } = useTranslation("admin");
  const languageName = useLanguageName();
  const format = useFormatters();
  const [part, setPart] = useState<"html" | "text">(message.html ? "html" : "text");
  return (
    <Card
      size="small"
      title={<span data-testid="dev-inbox-subject">{message.subject}</span>}
      data-testid="dev-inbox-message"
      extra={
        message.html ? (
          <Segmented
            size="small"
            value={part}
            onChange={(value) => setPart(value as "html" | "text")}
            options={[
              { value: "html", label: t("devInbox.html") },
              { value: "text", label: t("devInbox.text") },
            ]}
          />
        ) : null
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          // The From header as sent (display name and address).
          { key: "from", label: t("devInbox.from"), children: <Typography.Text code>{message.sender}</Typography.Text> },
          { key: "to", label: t("devInbox.to"), children: message.to.join(", ") },
          { key: "at", label: t("devInbox.receivedAt"), children: format.dateTime(message.receivedAt) },
          { key: "language", label: t("devInbox.language"), children: message.language ? languageName(message.language) : "-" },
        ]}
      />
      {part === "html" && message.html ? (
        // The HTML part as sent, in a sandbox: no scripts, no navigation of this page.
        <iframe
          title={message.subject}
          sandbox=""
          srcDoc={message.html}
          data-testid="dev-inbox-html"
          style={{ width: "100%", minHeight: 420, border: "1px solid #f0f0f0", marginTop: 12 }}
        />
      ) : (
        <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginTop: 12 }} data-testid="dev-inbox-text">
          {message.text}
        </Typography.Paragraph>
      )}
    </Card>
  );
};

/** Admin > Dev inbox: what the development SMTP sink received (the server refuses it in production). */
export const DevInboxSection = () => {
  const { t } = useTranslation("admin");
  const languageName = useLanguageName();
  const format = useFormatters();
  const screens = Grid.useBreakpoint();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ADMIN_DEV_INBOX_QUERY, variables: { first: 50 } });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const messages = useMemo(() => data?.devInbox ?? [], [data]);
  const selected = messages.find((m) => m.id === selectedId) ?? (screens.lg ? messages[0] : undefined);
  const reload = () => reexecute({ requestPolicy: "network-only" });

  if (hasGraphqlErrorCode(error, "FORBIDDEN")) {
    return <Result status="info" title={t("devInbox.onlyInDevelopment")} data-testid="dev-inbox-unavailable" />;
  }
  if (!data) {
    if (error) return <RequestFailedResult error={error} onRetry={reload} />;
    return <PageLoading />;
  }
  const list = (
    <Card
      size="small"
      title={t("devInbox.title")}
      extra={
        <Button size="small" icon={<ReloadOutlined />} loading={fetching} onClick={reload} data-testid="dev-inbox-reload">
          {t("devInbox.reload")}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t("devInbox.hint")}</Typography.Paragraph>
      {messages.length === 0 ? (
        <Empty description={t("devInbox.empty")} />
      ) : (
        <List
          dataSource={messages}
          data-testid="dev-inbox-list"
          renderItem={(message) => (
            <List.Item
              key={message.id}
              onClick={() => setSelectedId(message.id)}
              style={{ cursor: "pointer", background: message.id === selected?.id ? "#e6f4ff" : undefined, paddingInline: 8 }}
              data-testid="dev-inbox-item"
            >
              <Flex vertical gap={2} style={{ minWidth: 0, width: "100%" }}>
                <Typography.Text strong ellipsis>
                  {message.subject}
                </Typography.Text>
                <Flex gap={8} wrap align="center">
                  <Typography.Text type="secondary" ellipsis>
                    {message.to.join(", ")}
                  </Typography.Text>
                  {message.language && <Tag>{languageName(message.language)}</Tag>}
                  <Typography.Text type="secondary">{format.dateTime(message.receivedAt)}</Typography.Text>
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
  return (
    <Row gutter={[16, 16]} data-testid="dev-inbox">
      <Col xs={24} lg={9}>
        {list}
      </Col>
      <Col xs={24} lg={15}>
        {selected ? <MessageView key={selected.id} message={selected} /> : null}
      </Col>
    </Row>
  );
};
