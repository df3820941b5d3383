import { Result, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router";

import { loadAdminNamespace } from "../../i18n/adminNamespace";
import { useLazyNamespace } from "../../i18n/useLazyNamespace";
import { AuditLogSection } from "../../modules/admin/components/AuditLogSection";
import { DevInboxSection } from "../../modules/admin/components/DevInboxSection";
import { IntegrationsSection } from "../../modules/admin/components/IntegrationsSection";
import { PermissionsSection } from "../../modules/admin/components/PermissionsSection";
import { SalesRulesSection } from "../../modules/admin/components/SalesRulesSection";
import { ServiceRulesSection } from "../../modules/admin/components/ServiceRulesSection";
import { TeamsSection } from "../../modules/admin/components/TeamsSection";
import { UsersSection } from "../../modules/admin/components/UsersSection";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { PageLoading } from "../../modules/ui/components/PageLoading";

const SECTIONS = ["users", "teams", "permissions", "service", "sales", "integrations", "audit", "dev-inbox"] as const;
type Section = (typeof SECTIONS)[number];

const sectionOf = (pathname: string): Section | null => {
  const segment = pathname.split("/")[2] ?? "";
  return (SECTIONS as readonly string[]).includes(segment) ? (segment as Section) : null;
};

const Admin = () => {
  const { t } = useTranslation("admin");
  const permissions = usePermissions();
  const location = useLocation();
  const navigate = useNavigate();

  if (!permissions.isAdmin) {
    return <Result status="403" title={t("forbiddenTitle")} subTitle={t("forbiddenSubtitle")} data-testid="admin-forbidden" />;
  }

  const section = sectionOf(location.pathname);
  return (
    <>
      <Tabs
        activeKey={section ?? "users"}
        onChange={(key) => void navigate(`/admin/${key}`)}
        items={SECTIONS.map((key) => ({ key, label: <span data-testid={`admin-tab-${key}`}>{t(`sections.${key}`)}</span> }))}
      />
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<UsersSection />} />
        <Route path="teams" element={<TeamsSection />} />
        <Route path="permissions" element={<PermissionsSection />} />
        <Route path="service" element={<ServiceRulesSection />} />
        <Route path="sales" element={<SalesRulesSection />} />
        <Route path="integrations" element={<IntegrationsSection />} />
        <Route path="audit" element={<AuditLogSection />} />
        <Route path="dev-inbox" element={<DevInboxSection />} />
        <Route path="*" element={<Navigate to="/admin/users" replace />} />
      </Routes>
    </>
  );
};

/** /admin/*: users, teams, roles and permissions, service and sales rules, integrations, the audit log (administrators);
 * its strings load with it. */
export const AdminPage = () => (useLazyNamespace("admin", loadAdminNamespace) ? <Admin /> : <PageLoading />);
