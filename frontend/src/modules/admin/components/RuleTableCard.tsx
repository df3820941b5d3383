import { PlusOutlined } from "@ant-design/icons";
import type { CombinedError } from "@urql/core";
import { Button, Card, Empty, Form, Modal, Popconfirm, Space, Table, message, type TableProps } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { MutationOutcome, UserErrorFields } from "../../graphql/errors/mutationProblem";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useFormErrors, useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { rowTestId } from "../utils/rowTestId";

/** How a rule table edits a row (or makes a new one) in a dialog. */
export type RuleForm<Row, Values> = {
  title: (row: Row | null) => string;
  initialValues: (row: Row | null) => Partial<Values>;
  /** The form's items, rendered inside the antd Form (a component there may use `Form.useWatch`). */
  renderItems: (row: Row | null) => ReactNode;
  /** Where the server's userErrors belong among the form's fields. */
  fields: UserErrorFields<string & keyof Values>;
  /** Sends the save mutation; what it answered decides whether the dialog closes. */
  save: (values: Values, row: Row | null) => Promise<MutationOutcome>;
  width?: number;
};

/** Deleting a row, after a confirmation. */
export type RuleDelete<Row> = {
  confirmTitle: (row: Row) => string;
  run: (row: Row) => Promise<MutationOutcome>;
  /** Said once the row is gone. */
  done: string;
};

export type RuleTableCardProps<Row, Values> = {
  /** Prefix of the test ids: `<testId>-create`, `-row-<key>`, `-edit-<key>`, `-delete-<key>`, `-form`. */
  testId: string;
  title: string;
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** What names a row in its test ids (default: its `rowKey`). */
  testKey?: (row: Row) => string;
  /** The table's columns; the card adds the actions (edit, and delete when `remove` is given). */
  columns: ColumnsType<Row>;
  emptyText?: string;
  /** Label of the "new" button; without it the rows can only be edited. */
  createLabel?: string;
  editLabel?: (row: Row) => string;
  /** More controls in the header, before the "new" button. */
  extra?: ReactNode;
  loading?: boolean;
  pagination?: TableProps<Row>["pagination"];
  /** Shown instead of the table when the rows could not be loaded. */
  loadError?: { error: CombinedError; onRetry: () => void } | null;
  form: RuleForm<Row, Values>;
  remove?: RuleDelete<Row>;
  /** Reloads the rows after a change, and after a conflict. */
  onChanged: () => void;
};

/** The optimistic-lock part of a save input: the row's id and the version it was read at (null for a new row). */
export const rowVersion = (row: { id: string; version: number } | null) => ({ id: row?.id ?? null, version: row?.version ?? null });

/**
 * An admin's rule editor: a table of rules with edit (and optionally delete, after a confirmation) per row and a
 * "new" button, the row form in a dialog that shows the server's userErrors on their fields and offers to
 * reload after a CONFLICT (someone else saved the row first).
 */
export const RuleTableCard = <Row extends object, Values>({
  testId,
  title,
  rows,
  rowKey,
  testKey = rowKey,
  columns,
  emptyText,
  createLabel,
  editLabel,
  extra,
  loading,
  pagination = false,
  loadError,
  form,
  remove,
  onChanged,
}: RuleTableCardProps<Row, Values>) => {
  const { t } = useTranslation(["admin", "common"]);
  const [messageApi, messageHolder] = message.useMessage();
  const errorText = useMutationErrorText();
  const [editing, setEditing] = useState<{ row: Row | null } | null>(null);

  const removeRow = async ({ run, done }: RuleDelete<Row>, row: Row) => {
    const problem = errorText(await run(row), t("admin:errors.saveFailed"));
    if (problem) {
      void messageApi.error(problem);
      return;
    }
    void messageApi.success(done);
    onChanged();
  };

  const actions: ColumnsType<Row>[number] = {
    title: t("admin:users.actions"),
    key: "actions",
    render: (_, row) => (
      <Space size={0}>
        <Button type="link" onClick={() => setEditing({ row })} data-testid={`${testId}-edit-${testKey(row)}`}>
          {editLabel ? editLabel(row) : t("admin:users.edit")}
        </Button>
        {remove && (
          <Popconfirm
            title={remove.confirmTitle(row)}
            okText={t("common:confirm")}
            cancelText={t("common:cancel")}
            okButtonProps={{ danger: true }}
            onConfirm={() => removeRow(remove, row)}
          >
            <Button type="link" danger data-testid={`${testId}-delete-${testKey(row)}`}>
              {t("admin:service.delete")}
            </Button>
          </Popconfirm>
        )}
      </Space>
    ),
  };

  return (
    <Card
      title={title}
      extra={
        (extra || createLabel) && (
          <Space>
            {extra}
            {createLabel && (
              <Button icon={<PlusOutlined />} onClick={() => setEditing({ row: null })} data-testid={`${testId}-create`}>
                {createLabel}
              </Button>
            )}
          </Space>
        )
      }
    >
      {messageHolder}
      {loadError ? (
        <RequestFailedResult error={loadError.error} onRetry={loadError.onRetry} />
      ) : (
        <Table<Row>
          scroll={{ x: "max-content" }}
          rowKey={rowKey}
          size="small"
          loading={loading}
          pagination={pagination}
          dataSource={[...rows]}
          onRow={(row) => rowTestId(`${testId}-row-${testKey(row)}`)}
          locale={emptyText ? { emptyText: <Empty description={emptyText} /> } : undefined}
          columns={[...columns, actions]}
        />
      )}
      {editing && (
        <RuleFormModal<Row, Values>
          testId={testId}
          form={form}
          row={editing.row}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </Card>
  );
};

type RuleFormModalProps<Row, Values> = {
  testId: string;
  form: RuleForm<Row, Values>;
  row: Row | null;
  onClose: () => void;
  onSaved: () => void;
};

const RuleFormModal = <Row, Values>({ testId, form: config, row, onClose, onSaved }: RuleFormModalProps<Row, Values>) => {
  const { t } = useTranslation(["admin", "common"]);
  const [form] = Form.useForm<Values>();
  const formErrors = useFormErrors(form, { fields: config.fields, failed: t("admin:errors.saveFailed") });
  const [saving, setSaving] = useState(false);

  const submit = async (values: Values) => {
    formErrors.clear();
    setSaving(true);
    const outcome = await config.save(values, row);
    setSaving(false);
    if (formErrors.check(outcome)) onSaved();
  };

  return (
    <Modal
      open
      title={config.title(row)}
      okText={t("common:save")}
      cancelText={t("common:cancel")}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={config.width}
    >
      <FormErrorAlert error={formErrors.error} onReload={onSaved} testId="form" />
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid={`${testId}-form`}
        initialValues={config.initialValues(row)}
        onFinish={(values) => void submit(values)}
      >
        {config.renderItems(row)}
      </Form>
    </Modal>
  );
};
