import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Flex, Switch, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import { usePermissions } from "../../permissions/hooks/usePermissions";
import { TaskFormModal } from "../../tasks/components/TaskFormModal";
import { TaskList, type ListedTask } from "../../tasks/components/TaskList";
import { useTaskCompletion } from "../../tasks/hooks/useTaskCompletion";
import { CUSTOMER_360_DONE_TASKS_QUERY } from "../graphql/customer360DoneTasksQuery";

type CustomerTasksCardProps = {
  customerId: string;
  /** The open tasks about the customer (soonest due first). */
  tasks: readonly ListedTask[];
  /** The customer's open deals, which a task may be for. */
  opportunities: ReadonlyArray<{ id: string; name: string }>;
  withTaskOpportunity: boolean;
  /** Reload the page's customer (after a change). */
  onChanged: () => void;
};

/**
 * Tasks about the customer: create one (title, due time, reminder, deal), edit, complete and reopen; done
 * ones on request.
 */
export const CustomerTasksCard = ({ customerId, tasks, opportunities, withTaskOpportunity, onChanged }: CustomerTasksCardProps) => {
  const { t } = useTranslation("tasks");
  const permissions = usePermissions();
  const [editing, setEditing] = useState<ListedTask | "new" | null>(null);
  const [showDone, setShowDone] = useState(false);
  const [{ data: all }, reloadAll] = useQuery({
    query: CUSTOMER_360_DONE_TASKS_QUERY,
    variables: { id: customerId, withTaskOpportunity },
    pause: !showDone,
    requestPolicy: "network-only",
  });
  const reload = () => {
    onChanged();
    if (showDone) reloadAll({ requestPolicy: "network-only" });
  };
  const completion = useTaskCompletion(reload);
  const canCreate = permissions.canMutate("taskCreate");
  const canWork = permissions.canMutate("taskComplete");
  const done = (all?.customer?.tasks ?? []).filter((task) => task.done);

  return (
    <Card
      title={t("sectionTitle")}
      size="small"
      extra={
        canCreate && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="task-new">
            {t("new")}
          </Button>
        )
      }
      data-testid="customer-section-tasks"
    >
      {tasks.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("empty")} />
      ) : (
        <TaskList tasks={tasks} completion={completion} onEdit={permissions.canMutate("taskUpdate") ? setEditing : undefined} canWork={canWork} />
      )}
      <Flex align="center" gap={8} style={{ marginTop: 8 }}>
        <Switch size="small" checked={showDone} onChange={setShowDone} data-testid="tasks-show-done" />
        <Typography.Text type="secondary">{t("showDone")}</Typography.Text>
      </Flex>
      {showDone &&
        (done.length === 0 ? (
          <Typography.Text type="secondary">{all ? t("noneDone") : null}</Typography.Text>
        ) : (
          <TaskList tasks={done} completion={completion} canWork={canWork && permissions.canMutate("taskReopen")} />
        ))}
      {editing && (
        <TaskFormModal
          key={editing === "new" ? "new" : `${editing.id}:${editing.version}`}
          task={editing === "new" ? null : editing}
          customerId={customerId}
          opportunities={withTaskOpportunity ? opportunities : []}
          onClose={() => setEditing(null)}
          onSaved={reload}
        />
      )}
    </Card>
  );
};
