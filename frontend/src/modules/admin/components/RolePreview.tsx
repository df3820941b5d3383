import { EyeInvisibleOutlined, LockOutlined } from "@ant-design/icons";
import { Empty, Flex, Select, Switch, Table, Tag, Tooltip, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { useRoleLabel } from "../hooks/useRoleLabel";
import { previewRole, type PermissionMatrix, type RolePreview as RolePreviewRow } from "../utils/permissionMatrix";
import { rowTestId } from "../utils/rowTestId";

/**
 * "View as role": pick a role and see, type by type, what it would read, see masked or not see at all, computed
 * here from the matrix (no request).
 */
export const RolePreview = ({ matrix }: { matrix: PermissionMatrix }) => {
  const { t } = useTranslation("admin");
  const roleLabel = useRoleLabel();
  const [params, setParams] = useSearchParams();
  const role = params.get("as") ?? matrix.roles[0]?.role ?? "";
  const everything = params.get("allTypes") === "1";
  const previews = useMemo(() => previewRole(matrix, role), [matrix, role]);
  const shown = everything ? previews : previews.filter((preview) => preview.read.length + preview.masked.length > 0);

  const setParam = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <Flex gap={16} align="center" wrap style={{ marginBottom: 16 }}>
        <Select
          style={{ width: 220 }}
          value={role}
          aria-label={t("preview.role")}
          data-testid="preview-role"
          options={matrix.roles.map((candidate) => ({ value: candidate.role, label: roleLabel(candidate.role) }))}
          onChange={(value: string) => setParam("as", value)}
        />
        <Flex gap={8} align="center">
          <Switch size="small" checked={everything} onChange={(checked) => setParam("allTypes", checked ? "1" : null)} data-testid="preview-all-types" />
          <Typography.Text>{t("preview.allTypes")}</Typography.Text>
        </Flex>
      </Flex>
      <Table<RolePreviewRow>
        scroll={{ x: "max-content" }}
        rowKey="type"
        size="small"
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(row) => rowTestId(`preview-${row.type}`)}
        locale={{ emptyText: <Empty description={t("preview.nothing")} /> }}
        data-testid="role-preview"
        columns={[
          { title: t("permissions.type"), key: "type", width: 180, render: (_, row) => <Typography.Text code>{row.type}</Typography.Text> },
          {
            title: t("preview.reads"),
            key: "read",
            render: (_, row) => (
              <Flex gap={4} wrap data-testid={`preview-${row.type}-read`}>
                {row.read.map((field) => (
                  <Tag key={field} color="blue">
                    {field}
                  </Tag>
                ))}
              </Flex>
            ),
          },
          {
            title: t("preview.masked"),
            key: "masked",
            render: (_, row) => (
              <Flex gap={4} wrap data-testid={`preview-${row.type}-masked`}>
                {row.masked.map((field) => (
                  <Tag key={field} color="orange" icon={<LockOutlined />}>
                    {field}
                  </Tag>
                ))}
              </Flex>
            ),
          },
          {
            title: t("preview.hidden"),
            key: "hidden",
            width: 140,
            render: (_, row) =>
              row.hidden.length === 0 ? null : (
                <Tooltip title={row.hidden.join(", ")}>
                  <Typography.Text type="secondary" data-testid={`preview-${row.type}-hidden`}>
                    <EyeInvisibleOutlined /> {t("preview.hiddenCount", { count: row.hidden.length })}
                  </Typography.Text>
                </Tooltip>
              ),
          },
          {
            title: t("preview.scopes"),
            key: "scopes",
            width: 160,
            render: (_, row) =>
              row.scopes === null ? null : row.scopes.length === 0 ? (
                <Typography.Text type="secondary">{t("scopes.none")}</Typography.Text>
              ) : (
                row.scopes.map((scope) => <Tag key={scope}>{t(`scopes.${scope}`)}</Tag>)
              ),
          },
        ]}
      />
    </>
  );
};
