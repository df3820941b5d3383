import { ArrowLeftOutlined, EditOutlined, WarningOutlined } from "@ant-design/icons";
import { Button, Card, Descriptions, Flex, Space, Statistic, Tag, Tooltip, Typography, type DescriptionsProps } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useFormatters } from "../../format/hooks/useFormatters";
import { GuardedField } from "../../permissions/components/GuardedField";
import { useLeadSourceLabel } from "../../sales/hooks/useLeadSourceLabel";
import type { Customer360Access } from "../utils/customerAccess";
import type { Customer360 } from "../types/Customer360";
import { CustomerKindTag, CustomerStatusTag, CustomerTagList, GradeTag, PoolStatusTag, SegmentTag } from "./CustomerTags";

/** Days before the public pool at which the page warns the owner. */
export const POOL_WARNING_DAYS = 3;

type CustomerHeaderProps = {
  customer: Customer360;
  access: Customer360Access;
  onEdit?: () => void;
  /** The tag editor, in place of the read-only tags (when the viewer may change them). */
  tagEditor?: ReactNode;
  /** More actions (archive, give back to the pool), after the edit button. */
  actions?: ReactNode;
};

/** Who the customer is and where the relationship stands: grade, status, owner, value, pool countdown. */
export const CustomerHeader = ({ customer, access, onEdit, tagEditor, actions }: CustomerHeaderProps) => {
  const { t } = useTranslation("customers");
  const format = useFormatters();
  // A customer converted from a lead keeps the lead's source (`web`, `expo`...): shown as the lead list shows it.
  const sourceLabel = useLeadSourceLabel();
  const daysLeft = customer.poolDaysLeft;
  const poolSoon = daysLeft !== null && daysLeft !== undefined && daysLeft <= POOL_WARNING_DAYS;

  const details: DescriptionsProps["items"] = [];
  if (access.withOwner) details.push({ key: "owner", label: t("detail.owner"), children: customer.owner?.name ?? t("detail.noOwner") });
  if (access.withTeam && customer.team) details.push({ key: "team", label: t("detail.team"), children: customer.team.name });
  if (access.withProvince || access.withCity) {
    const region = [customer.province, customer.city].filter(Boolean).join(" · ");
    details.push({ key: "region", label: t("detail.region"), children: region || "—" });
  }
  if (access.withIndustry) details.push({ key: "industry", label: t("detail.industry"), children: customer.industry ?? "—" });
  if (access.withSource) details.push({ key: "source", label: t("detail.source"), children: customer.source ? sourceLabel(customer.source) : "—" });
  if (access.withSize && customer.kind !== "PERSON") details.push({ key: "size", label: t("detail.size"), children: customer.size ?? "—" });
  if (access.withAddress)
    details.push({
      key: "address",
      label: t("detail.address"),
      children: customer.address ? (
        <GuardedField type="Customer" field="address">
          {customer.address}
        </GuardedField>
      ) : (
        "—"
      ),
    });
  if (access.withLastActivityAt)
    details.push({ key: "lastActivityAt", label: t("detail.lastActivityAt"), children: format.relative(customer.lastActivityAt) });
  if (access.withLastFollowUpAt)
    details.push({ key: "lastFollowUpAt", label: t("detail.lastFollowUpAt"), children: format.relative(customer.lastFollowUpAt) });
  if (access.withOrderSummary && customer.orderSummary) {
    details.push({ key: "orderCount", label: t("detail.orderCount"), children: format.number(customer.orderSummary.count) });
    details.push({ key: "lastOrderAt", label: t("detail.lastOrderAt"), children: format.date(customer.orderSummary.lastOrderAt) });
  }
  if (access.withCreatedAt) details.push({ key: "createdAt", label: t("detail.createdAt"), children: format.date(customer.createdAt) });

  return (
    <Card data-testid="customer-header">
      <Flex justify="space-between" align="flex-start" wrap gap={16}>
        <Space orientation="vertical" size={8}>
          <Link to="/customers">
            <ArrowLeftOutlined /> {t("detail.back")}
          </Link>
          <Typography.Title level={2} style={{ margin: 0 }} data-testid="customer-name">
            {customer.name}
          </Typography.Title>
          <Space size={[4, 8]} wrap data-testid="customer-badges">
            {customer.kind && <CustomerKindTag kind={customer.kind} />}
            {customer.grade && <GradeTag grade={customer.grade} />}
            {customer.status && <CustomerStatusTag status={customer.status} />}
            {customer.poolStatus && <PoolStatusTag poolStatus={customer.poolStatus} />}
            {customer.rfm && (
              <Tooltip title={customer.rfm.score !== null ? t("detail.rfmScore", { score: customer.rfm.score }) : undefined}>
                <span>
                  <SegmentTag segment={customer.rfm.segment} />
                </span>
              </Tooltip>
            )}
          </Space>
          {tagEditor ??
            (access.withTags && (
            <Space size={[0, 8]} wrap data-testid="customer-tags">
              {customer.tags && customer.tags.length > 0 ? (
                <CustomerTagList tags={customer.tags} />
              ) : (
                <Typography.Text type="secondary">{t("detail.noTags")}</Typography.Text>
              )}
            </Space>
            ))}
        </Space>
        <Space size="large" wrap align="start">
          {access.withLifetimeValue && (
            <Statistic title={t("detail.lifetimeValue")} value={format.money(customer.lifetimeValue)} data-testid="customer-lifetime-value" />
          )}
          {access.withPoolDaysLeft && (
            <div data-testid="customer-pool-days" data-warning={poolSoon ? "true" : "false"}>
              <Statistic
                title={t("detail.poolDaysLeft")}
                value={daysLeft === null || daysLeft === undefined ? t("detail.poolDaysLeftNone") : t("detail.poolDaysLeftValue", { count: daysLeft })}
                styles={poolSoon ? { content: { color: "#cf1322" } } : undefined}
                prefix={poolSoon ? <WarningOutlined /> : undefined}
              />
              {poolSoon && (
                <Tag color="red" style={{ marginTop: 4 }}>
                  {t("detail.poolSoon")}
                </Tag>
              )}
            </div>
          )}
          {onEdit && (
            <Button icon={<EditOutlined />} onClick={onEdit} data-testid="customer-edit">
              {t("edit.open")}
            </Button>
          )}
          {actions}
        </Space>
      </Flex>
      {details.length > 0 && (
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} items={details} style={{ marginTop: 16 }} data-testid="customer-details" />
      )}
    </Card>
  );
};
