import { Card, Skeleton, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";

import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { ADMIN_PERMISSION_MATRIX_QUERY } from "../graphql/adminPermissionMatrixQuery";
import { PermissionMatrixEditor } from "./PermissionMatrixEditor";
import { RolePreview } from "./RolePreview";
import { ScopeEditor } from "./ScopeEditor";

const VIEWS = ["fields", "scopes", "preview"] as const;
type View = (typeof VIEWS)[number];
const isView = (value: string | null): value is View => (VIEWS as readonly (string | null)[]).includes(value);

/** /admin/permissions: field access per role (the matrix), row scopes, and "view as role". */
export const PermissionsSection = () => {
  const { t } = useTranslation("admin");
  const [params, setParams] = useSearchParams();
  const [{ data, error }, refetch] = useQuery({ query: ADMIN_PERMISSION_MATRIX_QUERY });
  const viewParam = params.get("view");
  const view: View = isView(viewParam) ? viewParam : "fields";

  if (error && !data) return <RequestFailedResult error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />;

  const matrix = data?.permissionMatrix;
  return (
    <Card title={t("permissions.title")} data-testid="permissions-section">
      {!matrix ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Tabs
          activeKey={view}
          onChange={(key) => setParams(key === "fields" ? {} : { view: key })}
          items={[
            { key: "fields", label: <span data-testid="permissions-tab-fields">{t("permissions.fieldsTab")}</span>, children: <PermissionMatrixEditor matrix={matrix} /> },
            { key: "scopes", label: <span data-testid="permissions-tab-scopes">{t("permissions.scopesTab")}</span>, children: <ScopeEditor matrix={matrix} /> },
            { key: "preview", label: <span data-testid="permissions-tab-preview">{t("permissions.previewTab")}</span>, children: <RolePreview matrix={matrix} /> },
          ]}
        />
      )}
    </Card>
  );
};
