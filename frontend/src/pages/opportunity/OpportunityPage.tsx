import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, Descriptions, Empty, Flex, Result, Row, Skeleton, Space, Statistic, Tag, Timeline, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";

import { ActivityLogForm } from "../../modules/customers/components/ActivityLogForm";
import { ACTIVITY_ICONS } from "../../modules/customers/components/timelineEntryItem";
import { customerTimelineAccess, hasAll } from "../../modules/customers/utils/customerAccess";
import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { OpportunityPredictions } from "../../modules/predictions/components/OpportunityPredictions";
import { NoAccessResult } from "../../modules/sales/components/NoAccessResult";
import { OpportunityEditModal } from "../../modules/sales/components/OpportunityEditModal";
import { OpportunityLinesCard } from "../../modules/sales/components/OpportunityLinesCard";
import { OpportunityStageCard } from "../../modules/sales/components/OpportunityStageCard";
import { OPPORTUNITY_DETAIL_QUERY } from "../../modules/sales/graphql/opportunityDetailQuery";
import { opportunityDetailAccess } from "../../modules/sales/utils/opportunityAccess";
import { TaskFormModal } from "../../modules/tasks/components/TaskFormModal";
import { TaskList, type ListedTask } from "../../modules/tasks/components/TaskList";
import { useTaskCompletion } from "../../modules/tasks/hooks/useTaskCompletion";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

/** /opportunities/:id: one deal, to work on it. */
export const OpportunityPage = () => {
  const permissions = usePermissions();
  if (!permissions.canQuery("opportunity")) return <NoAccessResult />;
  return (
    <App component={false}>
      <OpportunityView />
    </App>
  );
};

const OpportunityView = () => {
  const { t } = useTranslation("sales");
  const { t: tt } = useTranslation("tasks");
  const { id = "" } = useParams();
  const format = useFormatters();
  const permissions = usePermissions();
  const access = useMemo(() => opportunityDetailAccess(permissions), [permissions]);
  const [{ data, error }, reexecute] = useQuery({ query: OPPORTUNITY_DETAIL_QUERY, variables: { id, ...access } });
  const reload = () => reexecute({ requestPolicy: "network-only" });
  const completion = useTaskCompletion(reload);
  const [editing, setEditing] = useState(false);
  const [editingTask, setEditingTask] = useState<ListedTask | "new" | null>(null);

  if (!data) {
    if (error) return <RequestFailedResult error={error} onRetry={reload} />;
    return (
      <Flex vertical gap={16} data-testid="opportunity-loading">
        <Skeleton active paragraph={{ rows: 3 }} />
        <Skeleton active paragraph={{ rows: 6 }} />
      </Flex>
    );
  }
  const opportunity = data.opportunity;
  if (!opportunity) {
    return (
      <Result
        status="404"
        title={t("opportunityDetail.notFound")}
        extra={
          <Link to="/pipeline">
            <Button type="primary">{t("opportunityDetail.back")}</Button>
          </Link>
        }
        data-testid="opportunity-not-found"
      />
    );
  }

  const isOpen = opportunity.status === "OPEN";
  const lines = opportunity.lines ?? [];
  const canEdit = isOpen && permissions.canMutate("opportunityUpdate");
  const canSetLines = isOpen && access.withLines && permissions.canMutate("opportunityLinesSet") && permissions.has("Opportunity", "lines", "WRITE");
  const tasks = opportunity.tasks ?? [];
  const openTasks = tasks.filter((task) => !task.done);
  const doneTasks = tasks.filter((task) => task.done);
  const timelineAccess = customerTimelineAccess(permissions);
  const canLog =
    opportunity.customer !== undefined &&
    opportunity.customer !== null &&
    access.withActivities &&
    permissions.canMutate("activityLog") &&
    hasAll(permissions, ["Activity.kind", "Activity.subject", "Activity.opportunity"], "WRITE") &&
    timelineAccess.withActivities;

  const details = [
    ...(opportunity.customer
      ? [{ key: "customer", label: t("opportunityDetail.customer"), children: <Link to={`/customers/${opportunity.customer.id}`} data-testid="opportunity-customer">{opportunity.customer.name}</Link> }]
      : []),
    ...(opportunity.owner ? [{ key: "owner", label: t("pipeline.owner"), children: opportunity.owner.name }] : []),
    { key: "stage", label: t("opportunityDetail.stage"), children: opportunity.stage?.name ?? "—" },
    { key: "expectedClose", label: t("pipeline.expectedClose"), children: <span data-testid="opportunity-expected-close">{format.date(opportunity.expectedClose)}</span> },
    { key: "createdAt", label: t("opportunityDetail.createdAt"), children: format.date(opportunity.createdAt) },
  ];

  return (
    <Flex vertical gap={16} data-testid="opportunity-page">
      <Card data-testid="opportunity-header">
        <Flex justify="space-between" align="flex-start" wrap gap={16}>
          <Space orientation="vertical" size={8} style={{ minWidth: 0 }}>
            <Link to="/pipeline">
              <ArrowLeftOutlined /> {t("opportunityDetail.back")}
            </Link>
            <Typography.Title level={2} style={{ margin: 0 }} data-testid="opportunity-title">
              {opportunity.name}
            </Typography.Title>
            <Space size={[4, 8]} wrap>
              <Tag color={isOpen ? "blue" : opportunity.status === "WON" ? "green" : "default"} data-testid="opportunity-status">
                {t(`opportunityDetail.status.${opportunity.status}`)}
              </Tag>
            </Space>
          </Space>
          <Space size="large" wrap align="start">
            <Statistic title={t("opportunityForm.amount")} value={format.money(opportunity.amount)} data-testid="opportunity-amount" />
            {canEdit && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="opportunity-edit">
                {t("opportunityDetail.edit")}
              </Button>
            )}
          </Space>
        </Flex>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} items={details} style={{ marginTop: 16 }} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Flex vertical gap={16}>
            <OpportunityStageCard
              opportunity={opportunity}
              stages={data.pipelineStages}
              canMove={permissions.canMutate("opportunityMoveStage")}
              withApproval={access.withApproval}
              onChanged={reload}
            />
            {access.withLines && (
              <OpportunityLinesCard
                key={opportunity.version}
                opportunity={opportunity}
                lines={lines}
                editable={canSetLines}
                canSearchProducts={permissions.canQuery("products")}
                onChanged={reload}
              />
            )}
            {access.withActivities && (
              <Card title={t("opportunityDetail.activities")} size="small" data-testid="opportunity-activities">
                {canLog && opportunity.customer && (
                  <div style={{ marginBottom: 16 }}>
                    <ActivityLogForm customerId={opportunity.customer.id} opportunityId={opportunity.id} contacts={[]} onLogged={reload} />
                  </div>
                )}
                {(opportunity.activities?.nodes.length ?? 0) === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("opportunityDetail.noActivities")} />
                ) : (
                  <Timeline
                    items={(opportunity.activities?.nodes ?? []).map((activity) => ({
                      key: activity.id,
                      icon: ACTIVITY_ICONS[activity.kind],
                      content: (
                        <div data-testid="opportunity-activity">
                          <Typography.Text strong>{activity.subject}</Typography.Text>
                          {activity.outcome && <div>{activity.outcome}</div>}
                          {activity.body && <Typography.Paragraph style={{ marginBottom: 0 }}>{activity.body}</Typography.Paragraph>}
                          {/* On its own line, even right after the subject (an activity without outcome or body). */}
                          <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }} data-testid="opportunity-activity-meta">
                            {format.dateTime(activity.occurredAt)}
                            {activity.actor && ` · ${activity.actor.name}`}
                          </Typography.Text>
                        </div>
                      ),
                    }))}
                  />
                )}
              </Card>
            )}
          </Flex>
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            <OpportunityPredictions opportunityId={opportunity.id} status={opportunity.status} />
            {access.withTasks && (
              <Card
                title={tt("sectionTitle")}
                size="small"
                extra={
                  permissions.canMutate("taskCreate") && (
                    <Button size="small" icon={<PlusOutlined />} onClick={() => setEditingTask("new")} data-testid="task-new">
                      {tt("new")}
                    </Button>
                  )
                }
                data-testid="opportunity-tasks"
              >
                {openTasks.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tt("empty")} />
                ) : (
                  <TaskList tasks={openTasks} completion={completion} onEdit={setEditingTask} linkDeals={false} canWork={permissions.canMutate("taskComplete")} />
                )}
                {doneTasks.length > 0 && (
                  <TaskList tasks={doneTasks} completion={completion} linkDeals={false} canWork={permissions.canMutate("taskReopen")} />
                )}
              </Card>
            )}
            {access.withHistory && (
              <Card title={t("opportunityDetail.history")} size="small" data-testid="opportunity-history">
                <Timeline
                  items={[...(opportunity.stageHistory ?? [])].reverse().map((step, index) => ({
                    key: `${step.at}-${index}`,
                    content: (
                      <div>
                        <Typography.Text>
                          {step.fromStage ? `${step.fromStage.name} → ${step.toStage?.name ?? "—"}` : (step.toStage?.name ?? "—")}
                        </Typography.Text>
                        <div>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {format.dateTime(step.at)} · {format.money(step.amount)}
                            {step.actor && ` · ${step.actor.name}`}
                          </Typography.Text>
                        </div>
                      </div>
                    ),
                  }))}
                />
              </Card>
            )}
          </Flex>
        </Col>
      </Row>
      {editing && (
        <OpportunityEditModal
          key={opportunity.version}
          opportunity={opportunity}
          amountFromLines={lines.length > 0}
          onClose={() => setEditing(false)}
          onSaved={reload}
        />
      )}
      {editingTask && (
        <TaskFormModal
          key={editingTask === "new" ? "new" : `${editingTask.id}:${editingTask.version}`}
          task={editingTask === "new" ? null : { ...editingTask, opportunity: { id: opportunity.id, name: opportunity.name } }}
          customerId={opportunity.customer?.id ?? null}
          opportunities={[{ id: opportunity.id, name: opportunity.name }]}
          opportunityId={opportunity.id}
          onClose={() => setEditingTask(null)}
          onSaved={reload}
        />
      )}
    </Flex>
  );
};
