import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { Button, Flex, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { CursorPages } from "../hooks/useCursorPages";

type CursorPagerProps = {
  pages: CursorPages;
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
  disabled?: boolean;
};

/** Previous / next page buttons for a cursor connection, with the total count. */
export const CursorPager = ({ pages, hasNextPage, endCursor, totalCount, disabled = false }: CursorPagerProps) => {
  const { t } = useTranslation("sales");
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 16 }}>
      <Typography.Text type="secondary" data-testid="list-total">
        {t("pager.total", { count: totalCount })}
      </Typography.Text>
      <Space>
        <Button
          icon={<LeftOutlined />}
          disabled={disabled || pages.page === 1}
          onClick={pages.previous}
          data-testid="page-previous"
        >
          {t("pager.previous")}
        </Button>
        <Typography.Text data-testid="page-number">{t("pager.page", { page: pages.page })}</Typography.Text>
        <Button
          icon={<RightOutlined />}
          iconPlacement="end"
          disabled={disabled || !hasNextPage}
          onClick={() => pages.next(endCursor)}
          data-testid="page-next"
        >
          {t("pager.next")}
        </Button>
      </Space>
    </Flex>
  );
};
