import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, DragOutlined, SettingOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Tooltip, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { LayoutWidget } from "../types";

type WidgetFrameProps = {
  widget: LayoutWidget;
  name: string;
  /** The viewer may no longer read the widget's data: a placeholder instead of the content. */
  noAccess: boolean;
  /** A phone: move up / down instead of dragging. */
  stacked: boolean;
  configurable: boolean;
  onConfigure: () => void;
  onRemove: () => void;
  onMove: (delta: -1 | 1) => void;
  children: ReactNode;
};

/** A widget while customizing: a title bar to drag it by, with configure and remove (on a phone: move up / down). */
export const WidgetFrame = ({ widget, name, noAccess, stacked, configurable, onConfigure, onRemove, onMove, children }: WidgetFrameProps) => {
  const { t } = useTranslation("dashboards");
  return (
    <Flex vertical style={{ height: "100%", border: "1px dashed #1677ff", borderRadius: 8, background: "#fff" }}>
      <Flex
        className="layout-drag-handle"
        data-testid={`widget-handle-${widget.id}`}
        align="center"
        justify="space-between"
        gap={8}
        style={{ padding: "4px 8px", background: "#e6f4ff", cursor: stacked ? "default" : "move", borderRadius: "8px 8px 0 0" }}
      >
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          {!stacked && <DragOutlined />}
          <Typography.Text strong ellipsis>
            {name}
          </Typography.Text>
        </Flex>
        <Flex className="layout-no-drag" gap={4}>
          {stacked && (
            <>
              <Tooltip title={t("layouts.moveUp")}>
                <Button size="small" icon={<ArrowUpOutlined />} aria-label={t("layouts.moveUp")} data-testid={`widget-up-${widget.id}`} onClick={() => onMove(-1)} />
              </Tooltip>
              <Tooltip title={t("layouts.moveDown")}>
                <Button size="small" icon={<ArrowDownOutlined />} aria-label={t("layouts.moveDown")} data-testid={`widget-down-${widget.id}`} onClick={() => onMove(1)} />
              </Tooltip>
            </>
          )}
          {configurable && !noAccess && (
            <Tooltip title={t("layouts.configure")}>
              <Button size="small" icon={<SettingOutlined />} aria-label={t("layouts.configure")} data-testid={`widget-configure-${widget.id}`} onClick={onConfigure} />
            </Tooltip>
          )}
          <Tooltip title={t("layouts.remove")}>
            <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("layouts.remove")} data-testid={`widget-remove-${widget.id}`} onClick={onRemove} />
          </Tooltip>
        </Flex>
      </Flex>
      <div style={{ flex: 1, minHeight: 0, overflow: "hidden", pointerEvents: "none", opacity: noAccess ? 1 : 0.85 }}>
        {noAccess ? <Alert type="warning" showIcon title={t("layouts.noAccess")} data-testid={`widget-no-access-${widget.id}`} style={{ margin: 8 }} /> : children}
      </div>
    </Flex>
  );
};
