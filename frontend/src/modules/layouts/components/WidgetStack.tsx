import { Flex } from "antd";
import type { ReactNode } from "react";

import type { LayoutWidget } from "../types";
import { layoutOrder, ROW_HEIGHT } from "../utils/layoutLogic";

type WidgetStackProps = {
  widgets: readonly LayoutWidget[];
  editing: boolean;
  renderWidget: (widget: LayoutWidget) => ReactNode;
};

/** A phone's page: the widgets in one column, in layout order (top to bottom, then left to right). */
export const WidgetStack = ({ widgets, editing, renderWidget }: WidgetStackProps) => (
  <Flex vertical gap={16} data-testid="layout-stack" data-editing={editing ? "true" : "false"}>
    {layoutOrder(widgets).map((widget) => (
      <div
        key={widget.id}
        data-testid={`widget-${widget.id}`}
        data-kind={widget.kind}
        style={editing ? { height: Math.min(widget.h, 8) * ROW_HEIGHT } : undefined}
      >
        {renderWidget(widget)}
      </div>
    ))}
  </Flex>
);
