import { Button, Card, DatePicker, Empty, Form, Input, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";

import type { AdminAuditLogQuery } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { entityPath } from "../../notifications/utils/entityPath";
import { CursorPager } from "../../ui/components/CursorPager";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useCursorPages } from "../../ui/hooks/useCursorPages";
import { ADMIN_USERS_QUERY } from "../graphql/adminUsersQuery";
import { useAdminAuditLogQuery } from "../hooks/useAdminAuditLogQuery";
import {
  AUDIT_FILTER_PARAMS,
  auditFilterInput,
  auditFiltersFromParams,
  type AuditFilterValues,
} from "../utils/auditFilters";
import { AuditChanges } from "./AuditChanges";
import { rowTestId } from "../utils/rowTestId";

type AuditEntry = AdminAuditLogQuery["auditLog"]["nodes"][number];

const PAGE_SIZE = 25;
const ENTITY_TYPES = [
  "Customer",
  "Contact",
  "Ticket",
  "Lead",
  "Opportunity",
  "Approval",
  "Activity",
  "Task",
  "Order",
  "User",
  "Team",
  "ApiToken",
  "Policy",
  "SlaPolicy",
  "RoutingRule",
  "BusinessCalendar",
  "AgentProfile",
  "LeadRule",
  "KbArticle",
  "SupportSetting",
];
const ACTIONS = ["create", "update", "save", "delete", "move", "assign", "merge", "reveal", "read_sensitive", "permission_set", "scope_set", "data_subject_export", "data_subject_erase", "survey_link_given"];

type FilterFormValues = {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
};

/** /admin/audit: who changed what, newest first; the filters live in the URL. */
export const AuditLogSection = () => {
  const { t } = useTranslation(["admin", "common"]);
  const format = useFormatters();
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => auditFiltersFromParams(params), [params]);
  const filter = useMemo(() => auditFilterInput(values), [values]);
  const pager = useCursorPages(JSON.stringify(values));
  const [{ data, fetching, error }, refetch] = useAdminAuditLogQuery({ first: PAGE_SIZE, after: pager.after, filter });
  const [{ data: usersData }] = useQuery({ query: ADMIN_USERS_QUERY, variables: { first: 100, after: null } });
  const [form] = Form.useForm<FilterFormValues>();

  const apply = (formValues: FilterFormValues) => {
    const next: AuditFilterValues = {
      entityType: formValues.entityType?.trim() || undefined,
      entityId: formValues.entityId?.trim() || undefined,
      actorId: formValues.actorId || undefined,
      action: formValues.action?.trim() || undefined,
      from: formValues.range?.[0]?.format("YYYY-MM-DD"),
      to: formValues.range?.[1]?.format("YYYY-MM-DD"),
    };
    const search = new URLSearchParams();
    for (const name of AUDIT_FILTER_PARAMS) {
      const value = next[name];
      if (value) search.set(name, value);
    }
    setParams(search);
  };

  const reset = () => {
    form.resetFields();
    setParams(new URLSearchParams());
  };

  const entries = data?.auditLog;

  return (
    <Card title={t("admin:audit.title")}>
      <Form<FilterFormValues>
        form={form}
        layout="inline"
        data-testid="audit-filters"
        key={params.toString()}
        initialValues={{
          entityType: values.entityType,
          entityId: values.entityId,
          actorId: values.actorId,
          action: values.action,
          range: values.from || values.to ? [values.from ? dayjs(values.from) : null, values.to ? dayjs(values.to) : null] : null,
        }}
        onFinish={apply}
        style={{ rowGap: 12, marginBottom: 16 }}
      >
        <Form.Item name="entityType" label={t("admin:audit.entityType")}>
          <Select
            allowClear
            showSearch
            style={{ width: 170 }}
            data-testid="audit-entity-type"
            options={ENTITY_TYPES.map((type) => ({ value: type, label: type }))}
          />
        </Form.Item>
        <Form.Item name="entityId" label={t("admin:audit.entityId")}>
          <Input allowClear style={{ width: 200 }} data-testid="audit-entity-id" />
        </Form.Item>
        <Form.Item name="actorId" label={t("admin:audit.actor")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            style={{ width: 200 }}
            data-testid="audit-actor"
            options={(usersData?.users.nodes ?? []).map((user) => ({ value: user.id, label: user.name }))}
          />
        </Form.Item>
        <Form.Item name="action" label={t("admin:audit.action")}>
          <Select allowClear showSearch style={{ width: 170 }} data-testid="audit-action" options={ACTIONS.map((action) => ({ value: action, label: action }))} />
        </Form.Item>
        <Form.Item name="range" label={t("admin:audit.range")}>
          <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="audit-range" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="audit-apply">
            {t("common:search")}
          </Button>
          <Button onClick={reset} data-testid="audit-reset">
            {t("admin:audit.reset")}
          </Button>
        </Space>
      </Form>
      {error && !data ? (
        <RequestFailedResult error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      ) : (
        <>
          <Table<AuditEntry>
            scroll={{ x: "max-content" }}
            rowKey="id"
            size="small"
            loading={fetching}
            dataSource={entries?.nodes ?? []}
            pagination={false}
            data-testid="audit-table"
            onRow={(entry) => rowTestId(`audit-row-${entry.id}`)}
            locale={{ emptyText: <Empty description={t("admin:audit.empty")} /> }}
            columns={[
              { title: t("admin:audit.at"), key: "at", width: 170, render: (_, entry) => format.dateTime(entry.at) },
              {
                title: t("admin:audit.actor"),
                key: "actor",
                width: 140,
                render: (_, entry) =>
                  entry.actor ? (
                    <Tooltip title={entry.actor.email}>{entry.actor.name}</Tooltip>
                  ) : (
                    <Typography.Text type="secondary">{t("admin:audit.system")}</Typography.Text>
                  ),
              },
              {
                title: t("admin:audit.entity"),
                key: "entity",
                width: 200,
                render: (_, entry) => {
                  const path = entityPath(entry.entityId);
                  return (
                    <Space orientation="vertical" size={0}>
                      <Typography.Text strong data-testid="audit-entity-type-cell">
                        {entry.entityType}
                      </Typography.Text>
                      {entry.entityId &&
                        (path ? (
                          <Link to={path}>
                            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 180 }}>
                              {entry.entityId}
                            </Typography.Text>
                          </Link>
                        ) : (
                          <Typography.Text type="secondary" ellipsis copyable={{ text: entry.entityId }} style={{ maxWidth: 180 }}>
                            {entry.entityId}
                          </Typography.Text>
                        ))}
                    </Space>
                  );
                },
              },
              { title: t("admin:audit.action"), key: "action", width: 130, render: (_, entry) => <Tag data-testid="audit-action-cell">{entry.action}</Tag> },
              {
                title: t("admin:audit.changes"),
                key: "changes",
                render: (_, entry) => <AuditChanges changes={entry.changes} action={entry.action} />,
              },
            ]}
          />
          <CursorPager testId="audit-pager" pages={pager} pageInfo={entries?.pageInfo ?? null} totalCount={entries?.totalCount ?? null} />
        </>
      )}
    </Card>
  );
};
