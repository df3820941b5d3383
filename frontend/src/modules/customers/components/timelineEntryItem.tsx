import {
  CustomerServiceOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  MailOutlined,
  PhoneOutlined,
  RiseOutlined,
  ShoppingCartOutlined,
  SwapOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import { Space, Tag, Typography, type TimelineItemProps } from "antd";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { Link } from "react-router";

import type { ActivityKind } from "../../../generated/graphql";
import type { Formatters } from "../../format/hooks/useFormatters";
import { timelineEntryKey, timelineEntryTime, type TimelineEdge } from "../utils/timelineEntries";

export const ACTIVITY_ICONS: Record<ActivityKind, ReactNode> = {
  CALL: <PhoneOutlined />,
  MEETING: <TeamOutlined />,
  VISIT: <EnvironmentOutlined />,
  EMAIL: <MailOutlined />,
  NOTE: <FileTextOutlined />,
};

const ORDER_STATUSES = ["pending", "paid", "shipped", "completed", "cancelled", "refunded"] as const;
type OrderStatus = (typeof ORDER_STATUSES)[number];
const isOrderStatus = (value: string): value is OrderStatus => (ORDER_STATUSES as readonly string[]).includes(value);

const daysOf = (data: unknown): number | string => {
  if (typeof data === "object" && data !== null && "days" in data) {
    const days = (data as { days: unknown }).days;
    if (typeof days === "number" || typeof days === "string") return days;
  }
  return "—";
};

/** The reason a rep gave a customer back to the pool, from a movement's data. */
const reasonOf = (data: unknown): string => {
  const reason = typeof data === "object" && data !== null && "reason" in data ? (data as { reason: unknown }).reason : null;
  return typeof reason === "string" ? reason : "—";
};

type Translate = TFunction<"customers">;

/** One timeline entry as an antd Timeline item: an icon per kind, the time, and a one-line summary. */
export const timelineEntryItem = (edge: TimelineEdge, t: Translate, format: Formatters): TimelineItemProps => {
  const node = edge.node;
  const time = timelineEntryTime(node);
  const entry = (kind: string, body: ReactNode) => (
    <div data-testid="timeline-entry" data-kind={kind}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} title={format.relative(time)}>
        {format.dateTime(time)}
      </Typography.Text>
      <div>{body}</div>
    </div>
  );

  switch (node["__typename"]) {
    case "Activity": {
      const kind = node.activityKind ?? "NOTE";
      return {
        key: timelineEntryKey(edge),
        icon: ACTIVITY_ICONS[kind],
        color: "blue",
        content: entry(
          "Activity",
          <Space orientation="vertical" size={2}>
            <Space size={6} wrap>
              <Tag color="blue">{t(`activityKind.${kind}`)}</Tag>
              <Typography.Text strong data-testid="timeline-entry-subject">
                {node.subject}
              </Typography.Text>
            </Space>
            {node.outcome && <Typography.Text>{t("timeline.outcome", { outcome: node.outcome })}</Typography.Text>}
            {node.body && (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0, whiteSpace: "pre-wrap" }}>
                {node.body}
              </Typography.Paragraph>
            )}
            <Space size={12} wrap>
              {node.actor && <Typography.Text type="secondary">{t("timeline.by", { name: node.actor.name })}</Typography.Text>}
              {node.contact && <Typography.Text type="secondary">{t("timeline.with", { name: node.contact.name })}</Typography.Text>}
            </Space>
          </Space>,
        ),
      };
    }
    case "Order": {
      const status = node.orderStatus ?? "";
      return {
        key: timelineEntryKey(edge),
        icon: <ShoppingCartOutlined />,
        color: "green",
        content: entry(
          "Order",
          <Space size={6} wrap>
            <Typography.Text strong>{t("timeline.order", { number: node.number })}</Typography.Text>
            <Tag>{isOrderStatus(status) ? t(`orderStatus.${status}`) : status}</Tag>
            {node.totalAmount !== undefined && (
              <Typography.Text>{t("timeline.orderAmount", { amount: format.money(node.totalAmount, node.currency) })}</Typography.Text>
            )}
          </Space>,
        ),
      };
    }
    case "Ticket":
      return {
        key: timelineEntryKey(edge),
        icon: <CustomerServiceOutlined />,
        color: "orange",
        content: entry(
          "Ticket",
          <Space size={6} wrap>
            <Link to={`/service/tickets/${node.id}`}>{t("timeline.ticket", { number: node.number, subject: node.subject })}</Link>
            {node.ticketStatus && <Tag>{t(`ticketStatus.${node.ticketStatus}`)}</Tag>}
          </Space>,
        ),
      };
    case "StageChangeEntry": {
      const name = node.opportunity?.name ?? t("timeline.hiddenOpportunity");
      const to = node.toStage?.name ?? t("timeline.unknownStage");
      return {
        key: timelineEntryKey(edge),
        icon: <RiseOutlined />,
        color: "purple",
        content: entry(
          "StageChangeEntry",
          <Space orientation="vertical" size={2}>
            <Typography.Text>
              {node.fromStage
                ? t("timeline.stageChange", { name, from: node.fromStage.name, to })
                : t("timeline.stageOpened", { name, to })}
            </Typography.Text>
            <Space size={12} wrap>
              {node.amount !== undefined && <Typography.Text type="secondary">{format.money(node.amount)}</Typography.Text>}
              {node.actor && <Typography.Text type="secondary">{t("timeline.by", { name: node.actor.name })}</Typography.Text>}
            </Space>
          </Space>,
        ),
      };
    }
    case "PoolMovementEntry": {
      const kind = node.movementKind ?? "WARNED";
      return {
        key: timelineEntryKey(edge),
        icon: <SwapOutlined />,
        color: kind === "RECLAIMED" || kind === "WARNED" || kind === "RELEASED" ? "red" : "gray",
        content: entry(
          "PoolMovementEntry",
          <Typography.Text>
            {t(`timeline.pool.${kind}`, {
              days: daysOf(node.data),
              reason: reasonOf(node.data),
              user: node.user?.name ?? t("timeline.system"),
              actor: node.actor?.name ?? t("timeline.system"),
            })}
          </Typography.Text>,
        ),
      };
    }
  }
};
