import { BranchesOutlined } from "@ant-design/icons";
import { Select, Space, Tooltip } from "antd";
import { useTranslation } from "react-i18next";

import type { FieldAccess } from "../../../generated/graphql";
import { useRoleLabel } from "../hooks/useRoleLabel";
import type { AccessCell } from "../utils/permissionMatrix";

const ACCESS_COLORS: Record<FieldAccess, string | undefined> = {
  NONE: undefined,
  MASKED: "#d46b08",
  READ: "#1677ff",
  WRITE: "#389e0d",
};

type AccessSelectProps = {
  cell: AccessCell;
  options: readonly FieldAccess[];
  disabled: boolean;
  testId: string;
  onChange: (access: FieldAccess) => void;
};

/** One matrix cell: the effective access, a marker when it is inherited, and a select to set the role's own rule. */
export const AccessSelect = ({ cell, options, disabled, testId, onChange }: AccessSelectProps) => {
  const { t } = useTranslation("admin");
  const roleLabel = useRoleLabel();
  return (
    <Space size={4} data-testid={testId} data-access={cell.effective} data-inherited={cell.inherited ? "true" : "false"}>
      <Select<FieldAccess>
        size="small"
        value={cell.effective}
        disabled={disabled}
        variant={cell.inherited ? "filled" : "outlined"}
        popupMatchSelectWidth={false}
        style={{ width: 96, color: ACCESS_COLORS[cell.effective] }}
        aria-label={testId}
        options={options.map((access) => ({ value: access, label: t(`access.${access}`) }))}
        onChange={onChange}
      />
      {cell.inherited && (
        <Tooltip
          title={t("permissions.inheritedFrom", {
            roles: cell.inheritedFrom.map(roleLabel).join("、") || "—",
            own: t(`access.${cell.explicit}`),
          })}
        >
          <BranchesOutlined aria-label={t("permissions.inherited")} style={{ color: "#8c8c8c" }} data-testid={`${testId}-inherited`} />
        </Tooltip>
      )}
    </Space>
  );
};
