import { EditOutlined } from "@ant-design/icons";
import { Button, Checkbox, Modal, Space, Table, Tag, Tooltip, Typography, message } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { RowScope } from "../../../generated/graphql";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { ADMIN_SCOPE_SET_MUTATION } from "../graphql/adminScopeSetMutation";
import { useRoleLabel } from "../hooks/useRoleLabel";
import { ROW_SCOPES, scopeOptions, type PermissionMatrix } from "../utils/permissionMatrix";
import { rowTestId } from "../utils/rowTestId";

type Editing = { role: string; type: string; scopes: RowScope[] };

/** Row scopes per role and scoped type (own / team / related / all); a change is confirmed, then scopeSet. */
export const ScopeEditor = ({ matrix }: { matrix: PermissionMatrix }) => {
  const { t } = useTranslation(["admin", "common"]);
  const roleLabel = useRoleLabel();
  const [messageApi, messageHolder] = message.useMessage();
  const errorText = useMutationErrorText();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [draft, setDraft] = useState<RowScope[]>([]);
  const [{ fetching }, setScopes] = useMutation(ADMIN_SCOPE_SET_MUTATION);
  const scopedTypes = matrix.types.filter((governed) => governed.scoped).map((governed) => governed.name);

  const current = (role: string, type: string): readonly RowScope[] =>
    matrix.roles.find((candidate) => candidate.role === role)?.scopes.find((scope) => scope.type === type)?.scopes ?? [];

  const open = (role: string, type: string) => {
    const scopes = [...current(role, type)];
    setEditing({ role, type, scopes });
    setDraft(scopes);
  };

  const save = async () => {
    if (!editing) return;
    const result = await setScopes({ input: { role: editing.role, type: editing.type, scopes: draft } });
    const problem = errorText({ error: result.error, payload: result.data?.scopeSet }, t("admin:errors.saveFailed"));
    if (problem) {
      void messageApi.error(problem);
      return;
    }
    void messageApi.success(t("admin:permissions.saved"));
    setEditing(null);
  };

  const scopeTags = (scopes: readonly RowScope[]) =>
    scopes.length === 0 ? (
      <Typography.Text type="secondary">{t("admin:scopes.none")}</Typography.Text>
    ) : (
      scopes.map((scope) => (
        <Tag key={scope} color={scope === "ALL" ? "green" : "blue"}>
          {t(`admin:scopes.${scope}`)}
        </Tag>
      ))
    );

  return (
    <>
      {messageHolder}
      <Typography.Paragraph type="secondary">{t("admin:scopes.intro")}</Typography.Paragraph>
      <Table<{ type: string }>
        rowKey="type"
        size="small"
        bordered
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={scopedTypes.map((type) => ({ type }))}
        onRow={(row) => rowTestId(`scope-row-${row.type}`)}
        data-testid="scope-matrix"
        columns={[
          { title: t("admin:permissions.type"), key: "type", fixed: "start", render: (_, row) => <Typography.Text code>{row.type}</Typography.Text> },
          ...matrix.roles.map((role) => ({
            title: roleLabel(role.role),
            key: role.role,
            render: (_: unknown, row: { type: string }) => (
              <Space size={2} wrap data-testid={`scope-${role.role}-${row.type}`}>
                {scopeTags(current(role.role, row.type))}
                <Tooltip title={t("admin:scopes.edit")}>
                  <Button
                    type="text"
                    size="small"
                    icon={<EditOutlined />}
                    aria-label={t("admin:scopes.edit")}
                    onClick={() => open(role.role, row.type)}
                    data-testid={`scope-edit-${role.role}-${row.type}`}
                  />
                </Tooltip>
              </Space>
            ),
          })),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing ? t("admin:scopes.confirmTitle", { role: roleLabel(editing.role), type: editing.type }) : null}
        okText={t("common:confirm")}
        cancelText={t("common:cancel")}
        confirmLoading={fetching}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {editing && (
          <Space orientation="vertical" style={{ width: "100%" }} data-testid="scope-form">
            <Checkbox.Group<RowScope>
              value={draft}
              onChange={(scopes) => setDraft(ROW_SCOPES.filter((scope) => scopes.includes(scope)))}
              options={[...new Set([...scopeOptions(editing.type), ...editing.scopes])].map((scope) => ({
                value: scope,
                label: t(`admin:scopes.${scope}`),
              }))}
            />
            <Space size={4} wrap>
              {t("admin:scopes.change")}
              <span data-testid="scope-before">{scopeTags(editing.scopes)}</span>→
              <span data-testid="scope-after">{scopeTags(draft)}</span>
            </Space>
            {draft.length === 0 && <Typography.Text type="warning">{t("admin:scopes.emptyInherits")}</Typography.Text>}
            <Typography.Text type="secondary">{t("admin:permissions.audited")}</Typography.Text>
          </Space>
        )}
      </Modal>
    </>
  );
};
