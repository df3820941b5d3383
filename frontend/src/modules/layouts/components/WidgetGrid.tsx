import "react-grid-layout/css/styles.css";

import { useMemo, type ReactNode } from "react";
import { GridLayout, useContainerWidth, verticalCompactor, type Layout } from "react-grid-layout";

import type { LayoutWidget } from "../types";
import { COLUMNS, ROW_HEIGHT } from "../utils/layoutLogic";

type WidgetGridProps = {
  widgets: readonly LayoutWidget[];
  editing: boolean;
  onLayoutChange: (layout: Layout) => void;
  renderWidget: (widget: LayoutWidget) => ReactNode;
};

/**
 * The arranged widgets on a grid of 12 columns (react-grid-layout, in this lazily loaded chunk only): fixed in
 * place when viewing; dragged by their title bar and resized from the lower right corner when customizing.
 */
export const WidgetGrid = ({ widgets, editing, onLayoutChange, renderWidget }: WidgetGridProps) => {
  const { width, containerRef, mounted } = useContainerWidth();
  const layout = useMemo<Layout>(
    () => widgets.map((widget) => ({ i: widget.id, x: widget.x, y: widget.y, w: widget.w, h: widget.h, minW: 2, minH: 3 })),
    [widgets],
  );
  return (
    <div ref={containerRef} data-testid="layout-grid" data-editing={editing ? "true" : "false"}>
      {mounted && (
        <GridLayout
          width={width}
          layout={layout}
          gridConfig={{ cols: COLUMNS, rowHeight: ROW_HEIGHT, margin: [16, 16], containerPadding: [0, 0] }}
          dragConfig={{ enabled: editing, handle: ".layout-drag-handle", cancel: ".layout-no-drag" }}
          resizeConfig={{ enabled: editing, handles: ["se"] }}
          compactor={verticalCompactor}
          onLayoutChange={onLayoutChange}
        >
          {widgets.map((widget) => (
            <div key={widget.id} data-testid={`widget-${widget.id}`} data-kind={widget.kind} style={{ overflow: editing ? "hidden" : "auto" }}>
              {renderWidget(widget)}
            </div>
          ))}
        </GridLayout>
      )}
    </div>
  );
};
