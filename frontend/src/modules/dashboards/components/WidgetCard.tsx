import { Card } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { WidgetKind } from "../../layouts/types";

/** A widget that draws no card of its own (the predictions' widgets), framed and titled like the dashboard's panels:
 * its catalogue name as the title. */
export const WidgetCard = ({ kind, children }: { kind: WidgetKind; children: ReactNode }) => {
  const { t } = useTranslation("dashboards");
  return (
    <Card title={t(`layouts.widgets.${kind}`)} size="small" data-testid={`widget-card-${kind}`}>
      {children}
    </Card>
  );
};
