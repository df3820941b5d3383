import { Menu } from "antd";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";

import { activeNavigationKey, NAVIGATION_ITEMS } from "../constants/navigationItems";

/** The side menu, built from NAVIGATION_ITEMS. */
export const SideNavigation = () => {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const activeKey = activeNavigationKey(location.pathname);

  return (
    <Menu
      mode="inline"
      theme="dark"
      aria-label={t("nav.label")}
      selectedKeys={activeKey ? [activeKey] : []}
      items={NAVIGATION_ITEMS.map(({ key, path, labelKey, icon: Icon }) => ({
        key,
        icon: <Icon />,
        label: t(labelKey),
        onClick: () => void navigate(path),
      }))}
    />
  );
};
