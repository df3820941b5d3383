import { Empty, List, Typography } from "antd";
import { useTranslation } from "react-i18next";

type Factor = { factor: string; text: string };

/** Where lost deals differed from won ones, in words, largest difference first. */
export const RetrospectiveFactors = ({ factors }: { factors: readonly Factor[] }) => {
  const { t } = useTranslation("predictions");
  if (factors.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("retrospective.empty")} />;
  return (
    <>
      <Typography.Text type="secondary">{t("retrospective.intro")}</Typography.Text>
      <List
        size="small"
        split={false}
        dataSource={[...factors]}
        renderItem={(factor) => (
          <List.Item key={factor.factor} style={{ paddingInline: 0 }} data-testid="retrospective-factor">
            {factor.text}
          </List.Item>
        )}
      />
    </>
  );
};
