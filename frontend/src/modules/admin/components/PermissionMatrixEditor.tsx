import { LockOutlined } from "@ant-design/icons";
import { Empty, Flex, Input, Modal, Select, Table, Tag, Tooltip, Typography, message } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useMutation } from "urql";

import type { FieldAccess } from "../../../generated/graphql";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { ADMIN_PERMISSION_SET_MUTATION } from "../graphql/adminPermissionSetMutation";
import { useRoleLabel } from "../hooks/useRoleLabel";
import {
  accessCell,
  accessOptions,
  matrixRows,
  roleIndex,
  type MatrixRow,
  type PermissionMatrix,
} from "../utils/permissionMatrix";
import { rowTestId } from "../utils/rowTestId";
import { AccessSelect } from "./AccessSelect";

const ALL_TYPES = "*";
const DEFAULT_TYPE = "Customer";
const PAGE_SIZE = 25;

type PermissionMatrixEditorProps = { matrix: PermissionMatrix };

/**
 * Roles × fields of one type (or of every type, filtered by field name), each cell the role's effective access
 * (inherited ones marked); changing a cell asks for confirmation, then sets the role's own rule (permissionSet).
 */
export const PermissionMatrixEditor = ({ matrix }: PermissionMatrixEditorProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const roleLabel = useRoleLabel();
  const [params, setParams] = useSearchParams();
  const [modal, modalHolder] = Modal.useModal();
  const [messageApi, messageHolder] = message.useMessage();
  const errorText = useMutationErrorText();
  const [{ fetching }, setPermission] = useMutation(ADMIN_PERMISSION_SET_MUTATION);

  const typeParam = params.get("type") ?? DEFAULT_TYPE;
  const type = typeParam === ALL_TYPES ? null : typeParam;
  const fieldFilter = params.get("field") ?? "";
  const roleFilter = useMemo(() => (params.get("roles") ?? "").split(",").filter(Boolean), [params]);

  const updateParam = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  const indexes = useMemo(() => new Map(matrix.roles.map((role) => [role.role, roleIndex(role)])), [matrix]);
  const rows = useMemo(() => matrixRows(matrix, type, fieldFilter), [matrix, type, fieldFilter]);
  const shownRoles = matrix.roles.filter((role) => roleFilter.length === 0 || roleFilter.includes(role.role));

  const change = (roleName: string, row: MatrixRow, from: FieldAccess, access: FieldAccess) => {
    modal.confirm({
      title: t("admin:permissions.confirmTitle"),
      content: (
        <div data-testid="permission-confirm">
          <p>
            {t("admin:permissions.confirmContent", {
              role: roleLabel(roleName),
              field: row.key,
              from: t(`admin:access.${from}`),
              to: t(`admin:access.${access}`),
            })}
          </p>
          {access === "NONE" && <p>{t("admin:permissions.noneKeepsInherited")}</p>}
          <Typography.Text type="secondary">{t("admin:permissions.audited")}</Typography.Text>
        </div>
      ),
      okText: t("common:confirm"),
      cancelText: t("common:cancel"),
      onOk: async () => {
        const result = await setPermission({ input: { role: roleName, type: row.type, field: row.field, access } });
        const problem = errorText({ error: result.error, payload: result.data?.permissionSet }, t("admin:errors.saveFailed"));
        if (problem) {
          void messageApi.error(problem);
          return;
        }
        void messageApi.success(t("admin:permissions.saved"));
      },
    });
  };

  const columns: ColumnsType<MatrixRow> = [
    {
      title: t("admin:permissions.field"),
      key: "field",
      fixed: "start",
      width: 240,
      render: (_, row) => (
        <Flex gap={4} align="center" wrap>
          <Typography.Text code>{type === null ? row.key : row.field}</Typography.Text>
          {row.maskable && (
            <Tooltip title={t("admin:permissions.maskableHint")}>
              <Tag icon={<LockOutlined />} color="orange">
                {t("admin:permissions.maskable")}
              </Tag>
            </Tooltip>
          )}
        </Flex>
      ),
    },
    ...shownRoles.map((role) => ({
      title: (
        <Tooltip title={[role.description, role.inherits.length > 0 ? t("admin:permissions.inherits", { roles: role.inherits.map(roleLabel).join("、") }) : ""].filter(Boolean).join(" ")}>
          <span data-testid={`matrix-role-${role.role}`}>{roleLabel(role.role)}</span>
        </Tooltip>
      ),
      key: role.role,
      width: 130,
      render: (_: unknown, row: MatrixRow) => {
        const index = indexes.get(role.role);
        if (!index) return null;
        const cell = accessCell(index, indexes, row.key);
        return (
          <AccessSelect
            cell={cell}
            disabled={fetching}
            options={accessOptions(row.type, row.field, matrix.maskable)}
            testId={`access-${role.role}-${row.key}`}
            onChange={(access) => change(role.role, row, cell.effective, access)}
          />
        );
      },
    })),
  ];

  return (
    <>
      {modalHolder}
      {messageHolder}
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select
          style={{ width: 220 }}
          value={typeParam}
          showSearch={{ optionFilterProp: "label" }}
          data-testid="matrix-type"
          aria-label={t("admin:permissions.type")}
          options={[
            { value: ALL_TYPES, label: t("admin:permissions.allTypes") },
            ...matrix.types.map((governed) => ({ value: governed.name, label: governed.name })),
          ]}
          onChange={(value) => updateParam("type", value === DEFAULT_TYPE ? null : value)}
        />
        <Input.Search
          allowClear
          style={{ width: 240 }}
          defaultValue={fieldFilter}
          placeholder={t("admin:permissions.fieldFilter")}
          data-testid="matrix-field-filter"
          onSearch={(value) => updateParam("field", value.trim() || null)}
        />
        <Select
          mode="multiple"
          allowClear
          style={{ minWidth: 260 }}
          value={roleFilter}
          placeholder={t("admin:permissions.allRoles")}
          data-testid="matrix-roles"
          aria-label={t("admin:permissions.roles")}
          options={matrix.roles.map((role) => ({ value: role.role, label: roleLabel(role.role) }))}
          onChange={(values: string[]) => updateParam("roles", values.join(",") || null)}
        />
      </Flex>
      <Table<MatrixRow>
        key={`${typeParam}|${fieldFilter}`}
        rowKey="key"
        size="small"
        bordered
        dataSource={rows}
        columns={columns}
        scroll={{ x: "max-content" }}
        pagination={{ pageSize: PAGE_SIZE, showSizeChanger: false, hideOnSinglePage: true }}
        onRow={(row) => rowTestId(`matrix-row-${row.key}`)}
        locale={{ emptyText: <Empty description={t("admin:permissions.noFields")} /> }}
        data-testid="permission-matrix"
      />
    </>
  );
};
