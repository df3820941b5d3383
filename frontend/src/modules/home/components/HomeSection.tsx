import type { CombinedError } from "@urql/core";
import { Badge, Card, Empty, Flex, Skeleton } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { RequestFailedResult } from "../../ui/components/RequestFailedResult";

type HomeSectionProps = {
  /** `home-section-<key>`; its parts: `-link`, `-count`, `-empty`, `-loading`. */
  testId: string;
  title: string;
  /** The full page this section summarises. */
  link?: { to: string; label?: string };
  /** How many items there are in all (shown next to the title). */
  count?: number;
  fetching: boolean;
  error: CombinedError | undefined;
  onRetry: () => void;
  /** Loaded and nothing to show. */
  empty: boolean;
  emptyText: string;
  children: ReactNode;
};

/** A home page card: loading skeleton, error with retry, empty text or the content, and a link to the full page. */
export const HomeSection = ({ testId, title, link, count, fetching, error, onRetry, empty, emptyText, children }: HomeSectionProps) => {
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
          {count !== undefined && !loading && (
            <Badge count={count} showZero overflowCount={999} color="blue" data-testid={`${testId}-count`} />
          )}
        </Flex>
      }
      extra={
        link ? (
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
