import { App, Button, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { TaskFieldsFragment } from "../../../generated/graphql";
import { mutationProblem } from "../../graphql/errors/mutationProblem";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { TASK_COMPLETE_MUTATION } from "../graphql/taskCompleteMutation";
import { TASK_REOPEN_MUTATION } from "../graphql/taskReopenMutation";

type TaskRef = { id: string; version: number; title: string };

export type TaskCompletion = {
  /** The task being completed or reopened, if any. */
  busyId: string | null;
  complete: (task: TaskRef) => Promise<void>;
  reopen: (task: TaskRef) => Promise<void>;
};

/**
 * Completing and reopening tasks from a list: completing says so with an Undo (reopen) in the toast; a task
 * someone changed meanwhile is not overwritten (CONFLICT): the list reloads and says why. `onChanged` reloads
 * the list after either.
 */
export const useTaskCompletion = (onChanged: () => void): TaskCompletion => {
  const { t } = useTranslation("tasks");
  const { message } = App.useApp();
  const errorText = useMutationErrorText();
  const [, completeTask] = useMutation(TASK_COMPLETE_MUTATION);
  const [, reopenTask] = useMutation(TASK_REOPEN_MUTATION);
  const [busyId, setBusyId] = useState<string | null>(null);

  const settle = (outcome: Parameters<typeof mutationProblem>[0], failed: string): TaskFieldsFragment | null => {
    const problem = mutationProblem(outcome);
    if (problem?.kind === "conflict") {
      void message.warning(t("changedElsewhere"));
      onChanged();
      return null;
    }
    const text = errorText(outcome, failed);
    if (text) {
      void message.error(text);
      return null;
    }
    return (outcome.payload as { task?: TaskFieldsFragment | null } | null)?.task ?? null;
  };

  const reopen = async (task: TaskRef) => {
    setBusyId(task.id);
    const result = await reopenTask({ input: { id: task.id, version: task.version } });
    setBusyId(null);
    const reopened = settle({ error: result.error, payload: result.data?.taskReopen }, t("reopenFailed"));
    if (!reopened) return;
    void message.success({ content: t("reopened", { title: task.title }), key: `task-${task.id}` });
    onChanged();
  };

  const complete = async (task: TaskRef) => {
    setBusyId(task.id);
    const result = await completeTask({ input: { id: task.id, version: task.version } });
    setBusyId(null);
    const done = settle({ error: result.error, payload: result.data?.taskComplete }, t("completeFailed"));
    if (!done) return;
    void message.success({
      key: `task-${task.id}`,
      duration: 8,
      content: (
        <Space size={8} data-testid="task-completed-toast">
          <span>{t("completed", { title: task.title })}</span>
          <Button
            size="small"
            type="link"
            onClick={() => {
              message.destroy(`task-${task.id}`);
              void reopen({ id: done.id, version: done.version, title: done.title });
            }}
            data-testid="task-undo"
          >
            {t("undo")}
          </Button>
        </Space>
      ),
    });
    onChanged();
  };

  return { busyId, complete, reopen };
};
