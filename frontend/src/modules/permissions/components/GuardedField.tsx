import { LockOutlined } from "@ant-design/icons";
import { Space, Tooltip } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { usePermissions } from "../hooks/usePermissions";

type GuardedFieldProps = {
  /** GraphQL type, e.g. Contact. */
  type: string;
  /** GraphQL field, e.g. phones. */
  field: string;
  /** The value as the server sent it (already masked for masked access). */
  children: ReactNode;
  /** What to show when the viewer may not see the field at all (default: nothing). */
  hidden?: ReactNode;
};

/**
 * Renders a field the way the viewer's access allows: left out when they may not read it, marked with a lock
 * when the server masked it, as is otherwise. Never an error.
 */
export const GuardedField = ({ type, field, children, hidden = null }: GuardedFieldProps) => {
  const { t } = useTranslation("common");
  const permissions = usePermissions();
  const access = permissions.access(type, field);
  if (access === "NONE") return <>{hidden}</>;
  if (access === "MASKED") {
    return (
      <Tooltip title={t("masked")}>
        <Space size={4} data-masked="true">
          {children}
          <LockOutlined aria-label={t("masked")} />
        </Space>
      </Tooltip>
    );
  }
  return <>{children}</>;
};
