import { Col } from "antd";
import { createContext, useContext, type ReactNode } from "react";

/** Whether panels are drawn as one widget of an arranged page (full width of the widget, no section title). */
export type PanelMode = { widget: boolean; /** Columns of 24 each panel takes from `md` up. */ span: number };

export const PanelModeContext = createContext<PanelMode>({ widget: false, span: 12 });

export const usePanelMode = (): PanelMode => useContext(PanelModeContext);

/** A panel's column: half the page from `xl` up on the classic page; inside a widget, the span the widget sets. */
export const PanelCol = ({ children }: { children: ReactNode }) => {
  const mode = usePanelMode();
  return mode.widget ? (
    <Col xs={24} md={mode.span}>
      {children}
    </Col>
  ) : (
    <Col xs={24} xl={12}>
      {children}
    </Col>
  );
};
