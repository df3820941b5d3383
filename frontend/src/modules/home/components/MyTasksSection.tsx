import { EditOutlined } from "@ant-design/icons";
import { App, Button, Checkbox, Space, Tooltip, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";

import type { HomeMyTasksQuery } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { TaskFormModal } from "../../tasks/components/TaskFormModal";
import { useTaskCompletion } from "../../tasks/hooks/useTaskCompletion";
import { isOverdue } from "../../tasks/utils/taskInput";
import { useNow } from "../../ui/hooks/useNow";
import { HOME_MY_TASKS_QUERY } from "../graphql/homeMyTasksQuery";
import { HomeList } from "./HomeList";
import { HomeSection } from "./HomeSection";

type HomeTask = HomeMyTasksQuery["myTasks"]["nodes"][number];

/** The viewer's open tasks, soonest due first; overdue ones in red. Each can be marked done (with an undo) or edited. */
export const MyTasksSection = () => (
  // Its own App context: the toasts (with the undo) and the discard confirmation come from it.
  <App component={false}>
    <MyTasks />
  </App>
);

const MyTasks = () => {
  const { t } = useTranslation("home");
  const { t: tt } = useTranslation("tasks");
  const format = useFormatters();
  const permissions = usePermissions();
  const now = useNow(60_000);
  const withOpportunity = permissions.has("Task", "opportunity") && permissions.has("Opportunity", "name");
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HOME_MY_TASKS_QUERY, variables: { first: 6, withOpportunity } });
  const reload = () => reexecute({ requestPolicy: "network-only" });
  const completion = useTaskCompletion(reload);
  const [editing, setEditing] = useState<HomeTask | null>(null);
  const canComplete = permissions.canMutate("taskComplete");
  const canEdit = permissions.canMutate("taskUpdate");
  const tasks = data?.myTasks.nodes ?? [];
  return (
    <HomeSection
      testId="home-section-myTasks"
      title={t("myTasks.title")}
      count={data?.myTasks.totalCount}
      fetching={fetching}
      error={error}
      onRetry={reload}
      empty={tasks.length === 0}
      emptyText={t("myTasks.empty")}
    >
      <HomeList
        testId="my-tasks"
        items={tasks.map((task) => {
          const overdue = isOverdue(task, now);
          return {
            key: task.id,
            title: (
              <Space size={8}>
                {canComplete && (
                  <Tooltip title={tt("complete")}>
                    <Checkbox
                      checked={task.done}
                      disabled={completion.busyId === task.id}
                      onChange={() => void completion.complete(task)}
                      aria-label={tt("complete")}
                      data-testid="task-done"
                    />
                  </Tooltip>
                )}
                <span data-testid="task-title">{task.title}</span>
              </Space>
            ),
            description:
              task.customer || task.opportunity ? (
                <Space size={6} split="·">
                  {task.customer && <Link to={`/customers/${task.customer.id}`}>{task.customer.name}</Link>}
                  {task.opportunity && <Link to={`/opportunities/${task.opportunity.id}`}>{task.opportunity.name}</Link>}
                </Space>
              ) : null,
            extra: (
              <Space size={4}>
                <Typography.Text type={overdue ? "danger" : "secondary"} data-overdue={overdue ? "true" : "false"} data-testid="task-due">
                  {overdue ? t("myTasks.overdue", { when: format.relative(task.dueAt) }) : t("myTasks.due", { when: format.relative(task.dueAt) })}
                </Typography.Text>
                {canEdit && (
                  <Button size="small" type="text" icon={<EditOutlined />} aria-label={tt("edit")} onClick={() => setEditing(task)} data-testid="task-edit" />
                )}
              </Space>
            ),
          };
        })}
      />
      {editing && (
        <TaskFormModal key={`${editing.id}:${editing.version}`} task={editing} onClose={() => setEditing(null)} onSaved={reload} />
      )}
    </HomeSection>
  );
};
