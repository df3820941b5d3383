import { PlusOutlined } from "@ant-design/icons";
import { Button, Drawer, List, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { CatalogueEntry } from "../types";

type WidgetCatalogueDrawerProps = {
  open: boolean;
  /** Only what the viewer may read. */
  entries: readonly CatalogueEntry[];
  /** Kinds already on the page (they may be added again, e.g. with another period). */
  placed: ReadonlySet<string>;
  full: boolean;
  onAdd: (entry: CatalogueEntry) => void;
  onClose: () => void;
};

/** The widgets a viewer may add to the page, by name. */
export const WidgetCatalogueDrawer = ({ open, entries, placed, full, onAdd, onClose }: WidgetCatalogueDrawerProps) => {
  const { t } = useTranslation("dashboards");
  return (
    <Drawer open={open} onClose={onClose} title={t("layouts.catalogue")} size={360} data-testid="widget-catalogue">
      <Typography.Paragraph type="secondary">{t("layouts.catalogueHint")}</Typography.Paragraph>
      <List
        dataSource={[...entries]}
        renderItem={(entry) => (
          <List.Item
            data-testid={`catalogue-${entry.kind}`}
            actions={[
              <Button
                key="add"
                size="small"
                icon={<PlusOutlined />}
                disabled={full}
                data-testid={`catalogue-add-${entry.kind}`}
                onClick={() => onAdd(entry)}
              >
                {t("layouts.add")}
              </Button>,
            ]}
          >
            <span>
              {t(`layouts.widgets.${entry.kind}`)} {placed.has(entry.kind) && <Tag>{t("layouts.added")}</Tag>}
            </span>
          </List.Item>
        )}
      />
    </Drawer>
  );
};
