import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { Button, Flex, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";

type CursorPagerProps = {
  totalCount: number | null;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  testId: string;
};

/** Previous / next buttons over a cursor connection, with the list's total. */
export const CursorPager = ({ totalCount, hasPrevious, hasNext, onPrevious, onNext, testId }: CursorPagerProps) => {
  const { t } = useTranslation("admin");
  return (
    <Flex justify="space-between" align="center" style={{ marginTop: 16 }}>
      <Typography.Text type="secondary" data-testid={`${testId}-total`}>
        {totalCount === null ? null : t("pager.total", { count: totalCount })}
      </Typography.Text>
      <Space>
        <Button icon={<LeftOutlined />} disabled={!hasPrevious} onClick={onPrevious} data-testid={`${testId}-previous`}>
          {t("pager.previous")}
        </Button>
        <Button disabled={!hasNext} onClick={onNext} data-testid={`${testId}-next`}>
          {t("pager.next")} <RightOutlined />
        </Button>
      </Space>
    </Flex>
  );
};
