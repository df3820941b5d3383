import { App, DatePicker, Form, Input, Modal, Select, type ButtonProps } from "antd";
import type { Dayjs } from "dayjs";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { usePermissions } from "../../permissions/hooks/usePermissions";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useDiscardGuard } from "../../ui/hooks/useDiscardGuard";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { TASK_CREATE_MUTATION } from "../graphql/taskCreateMutation";
import { TASK_UPDATE_MUTATION } from "../graphql/taskUpdateMutation";
import { taskCreateInput, taskFormValues, taskUpdateInput, type EditableTask, type TaskFormValues } from "../utils/taskInput";

const FIELDS = ["title", "dueAt", "remindAt", "notes", "opportunityId"] as const;
const OK_BUTTON_PROPS: ButtonProps & { "data-testid": string } = { "data-testid": "task-form-submit" };
const DATE_TIME = "YYYY-MM-DD HH:mm";

type TaskFormModalProps = {
  /** The task to edit; null: a new task. */
  task: EditableTask | null;
  /** A new task is about this customer. */
  customerId?: string | null;
  /** The customer's deals the task may be for (none: the deal is not offered). */
  opportunities?: ReadonlyArray<{ id: string; name: string }>;
  /** A new task is for this deal (preselected). */
  opportunityId?: string | null;
  onClose: () => void;
  /** After a save: reload what lists the task. */
  onSaved: () => void;
};

/**
 * Creates or edits a task: title, due time, reminder, notes and (for sales) the deal it is for. An edit sends
 * only what changed with the version it read; if someone changed the task meanwhile, the form says so and
 * offers to reload. Closing with unsaved changes asks first. Render it with a `key` per task.
 */
export const TaskFormModal = ({ task, customerId = null, opportunities = [], opportunityId = null, onClose, onSaved }: TaskFormModalProps) => {
  const { t } = useTranslation("tasks");
  const { t: tc } = useTranslation("common");
  const { message } = App.useApp();
  const permissions = usePermissions();
  const [form] = Form.useForm<TaskFormValues>();
  const [{ fetching: creating }, createTask] = useMutation(TASK_CREATE_MUTATION);
  const [{ fetching: updating }, updateTask] = useMutation(TASK_UPDATE_MUTATION);
  const formErrors = useFormErrors(form, { fields: FIELDS, failed: t("saveFailed") });
  const initialValues = useMemo(() => taskFormValues(task, opportunityId), [task, opportunityId]);
  const withOpportunity = permissions.has("Task", "opportunity", "WRITE") && (opportunities.length > 0 || Boolean(task?.opportunity));
  const opportunityOptions = useMemo(() => {
    const options = opportunities.map((opportunity) => ({ value: opportunity.id, label: opportunity.name }));
    const current = task?.opportunity;
    if (current && !options.some((option) => option.value === current.id)) options.unshift({ value: current.id, label: current.name ?? current.id });
    return options;
  }, [opportunities, task]);

  const submit = async (values: TaskFormValues) => {
    formErrors.clear();
    if (task) {
      const input = taskUpdateInput(task, values, { withOpportunity });
      if (!input) {
        onClose();
        return;
      }
      const result = await updateTask({ input });
      if (!formErrors.check({ error: result.error, payload: result.data?.taskUpdate })) return;
    } else {
      const result = await createTask({ input: taskCreateInput(values, { customerId, withOpportunity }) });
      if (!formErrors.check({ error: result.error, payload: result.data?.taskCreate })) return;
    }
    void message.success(task ? t("saved") : t("created"));
    onSaved();
    onClose();
  };

  const close = useDiscardGuard(form, onClose, { testId: "task-form-discard", body: t("discardBody") });

  const beforeDue = (_: unknown, value: Dayjs | null | undefined) => {
    const due = form.getFieldValue("dueAt") as Dayjs | null;
    return !value || !due || !value.isAfter(due) ? Promise.resolve() : Promise.reject(new Error(t("remindAfterDue")));
  };

  return (
    <Modal
      open
      title={task ? t("editTitle") : t("newTitle")}
      okText={tc("save")}
      cancelText={tc("cancel")}
      okButtonProps={{ ...OK_BUTTON_PROPS, loading: creating || updating }}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
      data-testid="task-form"
    >
      <FormErrorAlert error={formErrors.error} testId="task-form" onReload={() => { onSaved(); onClose(); }} />
      <Form<TaskFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
        onValuesChange={formErrors.clear}
        disabled={creating || updating}
      >
        <Form.Item<TaskFormValues> name="title" label={t("title")} rules={[{ required: true, whitespace: true, message: t("titleRequired") }]}>
          <Input maxLength={300} autoFocus placeholder={t("titlePlaceholder")} data-testid="task-form-title" />
        </Form.Item>
        <Form.Item<TaskFormValues> name="dueAt" label={t("dueAt")} rules={[{ required: true, message: t("dueRequired") }]}>
          <DatePicker showTime={{ format: "HH:mm" }} format={DATE_TIME} style={{ width: "100%" }} data-testid="task-form-due" />
        </Form.Item>
        <Form.Item<TaskFormValues> name="remindAt" label={t("remindAt")} dependencies={["dueAt"]} rules={[{ validator: beforeDue }]} extra={t("remindHint")}>
          <DatePicker showTime={{ format: "HH:mm" }} format={DATE_TIME} style={{ width: "100%" }} allowClear data-testid="task-form-remind" />
        </Form.Item>
        {withOpportunity && (
          <Form.Item<TaskFormValues> name="opportunityId" label={t("opportunity")}>
            <Select allowClear options={opportunityOptions} placeholder={t("opportunityPlaceholder")} data-testid="task-form-opportunity" />
          </Form.Item>
        )}
        <Form.Item<TaskFormValues> name="notes" label={t("notes")}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="task-form-notes" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
