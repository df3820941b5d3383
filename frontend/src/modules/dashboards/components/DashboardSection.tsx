import type { CombinedError } from "@urql/core";
import { Card, Col, Row, Skeleton, Spin, Typography } from "antd";
import type { ReactNode } from "react";

import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { usePanelMode } from "./PanelCol";

type DashboardSectionProps = {
  testId: string;
  title: string;
  /** How many panels the section draws (as skeletons while loading). */
  panelCount: number;
  fetching: boolean;
  hasData: boolean;
  error: CombinedError | undefined;
  onRetry: () => void;
  children: ReactNode;
};

/** A group of panels fed by one query: skeletons while loading, an error with retry, then the panels. */
export const DashboardSection = ({ testId, title, panelCount, fetching, hasData, error, onRetry, children }: DashboardSectionProps) => {
  // Inside an arranged page's widget: no section title.
  const { widget, span } = usePanelMode();
  return (
  <section data-testid={testId} style={{ marginBottom: widget ? 0 : 24 }}>
    {!widget && <Typography.Title level={4}>{title}</Typography.Title>}
    {error && !hasData ? (
      <Card>
        <RequestFailedResult error={error} onRetry={onRetry} />
      </Card>
    ) : !hasData ? (
      <Row gutter={[16, 16]}>
        {Array.from({ length: panelCount }, (_, index) => (
          <Col key={index} xs={24} xl={widget ? span : 12}>
            <Card size="small" data-testid={`${testId}-loading`}>
              <Skeleton active paragraph={{ rows: 6 }} />
            </Card>
          </Col>
        ))}
      </Row>
    ) : (
      <Spin spinning={fetching}>
        <Row gutter={[16, 16]}>{children}</Row>
      </Spin>
    )}
  </section>
  );
};
