import type { CombinedError } from "@urql/core";
import { Badge, Card, Empty, Flex, Skeleton } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { DrillLink } from "../../dashboards/components/DrillLink";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";

type HomeSectionProps = {
  /** `home-section-<key>`; its parts: `-link`, `-count` (and `-count-link`), `-empty`, `-loading`. */
  testId: string;
  title: string;
  /** The full page this section summarises. */
  link?: { to: string; label?: string };
  /** How many items there are in all (shown next to the title). */
  count?: number;
  /** The list holding exactly those items (from `drillDowns`): the count links there. */
  countTo?: string | null;
  fetching: boolean;
  error: CombinedError | undefined;
  onRetry: () => void;
  /** Loaded and nothing to show. */
  empty: boolean;
  emptyText: string;
  children: ReactNode;
};

/** A home page card: loading skeleton, error with retry, empty text or the content, and a link to the full page. */
export const HomeSection = ({ testId, title, link, count, countTo, fetching, error, onRetry, empty, emptyText, children }: HomeSectionProps) => {
  const { t } = useTranslation("home");
  const loading = fetching && !error && empty;
  return (
    <Card
      data-testid={testId}
      size="small"
      style={{ height: "100%" }}
      title={
        <Flex gap={8} align="center">
          <span>{title}</span>
          {count !== undefined && !loading && (countTo ? (
            <DrillLink to={countTo} count={count} testId={`${testId}-count-link`}>
              <Badge count={count} showZero overflowCount={999} color="blue" data-testid={`${testId}-count`} />
            </DrillLink>
          ) : (
            <Badge count={count} showZero overflowCount={999} color="blue" data-testid={`${testId}-count`} />
          ))}
        </Flex>
      }
      extra={
        // "View all" that opens the very list the count counts is that count's drill-down too.
        link && countTo && link.to === countTo && count !== undefined ? (
          <DrillLink to={link.to} count={count} testId={`${testId}-link`}>
            {link.label ?? t("viewAll")}
          </DrillLink>
        ) : link ? (
          <Link to={link.to} data-testid={`${testId}-link`}>
            {link.label ?? t("viewAll")}
          </Link>
        ) : null
      }
    >
      {error && empty ? (
        <RequestFailedResult error={error} onRetry={onRetry} />
      ) : loading ? (
        <div data-testid={`${testId}-loading`}>
          <Skeleton active />
        </div>
      ) : empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} data-testid={`${testId}-empty`} />
      ) : (
        children
      )}
    </Card>
  );
};
