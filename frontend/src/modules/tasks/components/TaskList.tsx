import { EditOutlined, FundOutlined } from "@ant-design/icons";
import { Button, Checkbox, Flex, Space, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { TaskFieldsFragment } from "../../../generated/graphql";
import { useCurrentViewer } from "../../auth/hooks/useCurrentViewer";
import { useFormatters } from "../../format/hooks/useFormatters";
import { useNow } from "../../ui/hooks/useNow";
import type { TaskCompletion } from "../hooks/useTaskCompletion";
import { isOverdue } from "../utils/taskInput";

/** A task as lists show it: its fields, and who does it and the deal, where the viewer may read them. */
export type ListedTask = TaskFieldsFragment & {
  assignee?: { id: string; name: string } | null;
  opportunity?: { id: string; name: string } | null;
};

type TaskListProps = {
  tasks: readonly ListedTask[];
  completion: TaskCompletion;
  /** Opens the edit form; without it tasks cannot be edited here. */
  onEdit?: (task: ListedTask) => void;
  /** Link each task's deal to its page (not on the deal's own page). */
  linkDeals?: boolean;
  /** The viewer may complete and edit tasks at all (taskComplete). */
  canWork: boolean;
};

const rowStyle = { paddingBlock: 8, borderBottom: "1px solid rgba(5, 5, 5, 0.06)" } as const;

/**
 * Tasks with a checkbox to complete (or reopen) each, the due time (overdue in red), who does it and the deal.
 * Only the viewer's own tasks can be worked on: the server refuses others' as if they did not exist.
 */
export const TaskList = ({ tasks, completion, onEdit, linkDeals = true, canWork }: TaskListProps) => {
  const { t } = useTranslation("tasks");
  const format = useFormatters();
  const viewer = useCurrentViewer();
  const now = useNow(60_000);
  return (
    <div data-testid="task-list">
      {tasks.map((task) => {
        const overdue = isOverdue(task, now);
        const mine = canWork && (!task.assignee || task.assignee.id === viewer.id);
        return (
          <Flex key={task.id} gap={8} align="flex-start" style={rowStyle} data-testid="task" data-done={task.done ? "true" : "false"}>
            <Tooltip title={mine ? (task.done ? t("reopen") : t("complete")) : undefined}>
              <Checkbox
                checked={task.done}
                disabled={!mine || completion.busyId === task.id}
                onChange={() => void (task.done ? completion.reopen(task) : completion.complete(task))}
                aria-label={task.done ? t("reopen") : t("complete")}
                data-testid="task-done"
              />
            </Tooltip>
            <Flex vertical style={{ minWidth: 0, flex: 1 }}>
              <Space size={6} wrap>
                <Typography.Text delete={task.done} data-testid="task-title">
                  {task.title}
                </Typography.Text>
                {overdue && <Tag color="red">{t("overdue")}</Tag>}
              </Space>
              <Typography.Text type={overdue ? "danger" : "secondary"} style={{ fontSize: 12 }}>
                {task.done ? t("doneAt", { date: format.dateTime(task.doneAt) }) : t("due", { date: format.dateTime(task.dueAt) })}
                {task.assignee && ` · ${task.assignee.name}`}
              </Typography.Text>
              {task.opportunity && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <FundOutlined />{" "}
                  {linkDeals ? <Link to={`/opportunities/${task.opportunity.id}`}>{task.opportunity.name}</Link> : task.opportunity.name}
                </Typography.Text>
              )}
              {task.notes && (
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0, fontSize: 12 }}>
                  {task.notes}
                </Typography.Paragraph>
              )}
            </Flex>
            {mine && onEdit && !task.done && (
              <Button size="small" type="text" icon={<EditOutlined />} aria-label={t("edit")} onClick={() => onEdit(task)} data-testid="task-edit" />
            )}
          </Flex>
        );
      })}
    </div>
  );
};
