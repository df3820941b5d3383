import { Drawer, Grid } from "antd";
import { useTranslation } from "react-i18next";

import { MyExportsList } from "./MyExportsList";

/** My exports beside a list: asks for them only while open. */
export const MyExportsDrawer = ({ open, onClose }: { open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  return (
    <Drawer open={open} size={screens.sm ? 480 : "100%"} title={t("exports.mine")} onClose={onClose} destroyOnHidden data-testid="my-exports-drawer">
      {open && <MyExportsList />}
    </Drawer>
  );
};
