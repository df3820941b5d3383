import { Menu } from "antd";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";

import { usePermissions } from "../../permissions/hooks/usePermissions";
import { activeNavigationKey, visibleNavigationItems } from "../constants/navigationItems";

/** The side menu: the NAVIGATION_ITEMS this viewer may open; `onNavigate` hears every choice (the current page's too). */
export const SideNavigation = ({ onNavigate }: { onNavigate?: () => void }) => {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const items = visibleNavigationItems(usePermissions());
  const activeKey = activeNavigationKey(location.pathname, items);

  return (
    <Menu
      mode="inline"
      theme="dark"
      aria-label={t("nav.label")}
      selectedKeys={activeKey ? [activeKey] : []}
      items={items.map(({ key, path, labelKey, icon: Icon }) => ({
        key,
        icon: <Icon />,
        label: t(labelKey),
        onClick: () => {
          onNavigate?.();
          void navigate(path);
        },
        "data-testid": `nav-${key}`,
      }))}
    />
  );
};
