import { BookOutlined, FormOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { App, Flex, Menu, Result, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, Route, Routes, useLocation, useNavigate } from "react-router";

import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { PortalKbArticleView } from "./PortalKbArticleView";
import { PortalKnowledgeBaseView } from "./PortalKnowledgeBaseView";
import { PortalNewTicketView } from "./PortalNewTicketView";
import { PortalTicketListView } from "./PortalTicketListView";
import { PortalTicketView } from "./PortalTicketView";

const sectionOf = (pathname: string): string => {
  if (pathname.startsWith("/portal/kb")) return "kb";
  if (pathname.startsWith("/portal/new")) return "new";
  return "tickets";
};

/** /portal/*: the customers' self-service portal: their company's tickets, a new ticket, the knowledge base. */
export const PortalPage = () => {
  const { t } = useTranslation("portal");
  const permissions = usePermissions();
  const location = useLocation();
  const navigate = useNavigate();

  if (!permissions.canQuery("tickets")) {
    return <Result status="403" title={t("noAccess")} data-testid="portal-no-access" />;
  }
  // Staff work tickets in the service console; the portal shows a customer's side only.
  if (permissions.has("Ticket", "internalNotes")) {
    return (
      <Result
        status="info"
        title={t("staffOnly")}
        extra={<Link to="/service">{t("toConsole")}</Link>}
        data-testid="portal-staff"
      />
    );
  }

  const items = [
    { key: "tickets", icon: <UnorderedListOutlined />, label: t("nav.tickets"), path: "/portal" },
    ...(permissions.canMutate("ticketCreate")
      ? [{ key: "new", icon: <FormOutlined />, label: t("nav.new"), path: "/portal/new" }]
      : []),
    { key: "kb", icon: <BookOutlined />, label: t("nav.kb"), path: "/portal/kb" },
  ];

  return (
    <App component={false}>
      <Flex vertical gap={16} data-testid="portal">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("title")}
        </Typography.Title>
        <Menu
          mode="horizontal"
          selectedKeys={[sectionOf(location.pathname)]}
          items={items.map(({ key, icon, label, path }) => ({
            key,
            icon,
            label,
            onClick: () => void navigate(path),
            "data-testid": `portal-nav-${key}`,
          }))}
          style={{ background: "transparent" }}
        />
        <Routes>
          <Route index element={<PortalTicketListView />} />
          <Route path="new" element={<PortalNewTicketView />} />
          <Route path="tickets/:id" element={<PortalTicketView />} />
          <Route path="kb" element={<PortalKnowledgeBaseView />} />
          <Route path="kb/:id" element={<PortalKbArticleView />} />
          <Route path="*" element={<Result status="404" title={t("notFound")} extra={<Link to="/portal">{t("nav.tickets")}</Link>} />} />
        </Routes>
      </Flex>
    </App>
  );
};
