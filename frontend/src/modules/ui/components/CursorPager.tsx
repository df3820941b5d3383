import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { Button, Flex, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { CursorPages } from "../hooks/useCursorPages";

type CursorPagerProps = {
  pages: CursorPages;
  /** The connection's pageInfo (null until it loaded). */
  pageInfo: { hasNextPage: boolean; endCursor: string | null } | null;
  totalCount: number | null;
  disabled?: boolean;
  /** Test ids: `<testId>-total` (its `data-list-total` holds the number), `-previous`, `-page` and `-next`. */
  testId: string;
};

/** Previous / next page buttons for a cursor connection, with the page number and the list's total. */
export const CursorPager = ({ pages, pageInfo, totalCount, disabled = false, testId }: CursorPagerProps) => {
  const { t } = useTranslation("common");
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 16 }}>
      <Typography.Text type="secondary" data-testid={`${testId}-total`} data-list-total={totalCount ?? undefined}>
        {totalCount === null ? null : t("pager.total", { count: totalCount })}
      </Typography.Text>
      <Space>
        <Button icon={<LeftOutlined />} disabled={disabled || pages.page === 1} onClick={pages.previous} data-testid={`${testId}-previous`}>
          {t("pager.previous")}
        </Button>
        <Typography.Text data-testid={`${testId}-page`}>{t("pager.page", { page: pages.page })}</Typography.Text>
        <Button
          icon={<RightOutlined />}
          iconPlacement="end"
          disabled={disabled || !pageInfo?.hasNextPage}
          onClick={() => pages.next(pageInfo?.endCursor ?? null)}
          data-testid={`${testId}-next`}
        >
          {t("pager.next")}
        </Button>
      </Space>
    </Flex>
  );
};
