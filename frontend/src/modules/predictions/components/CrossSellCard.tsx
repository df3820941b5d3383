import { Card, Empty, List, Progress, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { CustomerPredictionsQuery } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";

export type CrossSellData = NonNullable<CustomerPredictionsQuery["customer"]>["crossSell"];

/** "Customers who bought A also bought B": products the customer does not have, with the rule's confidence. */
export const CrossSellCard = ({ suggestions }: { suggestions: NonNullable<CrossSellData> }) => {
  const { t } = useTranslation("predictions");
  const format = useFormatters();
  const shown = suggestions.filter((suggestion) => suggestion.product);
  return (
    <Card title={t("crossSell.title")} size="small" data-testid="cross-sell">
      {shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("crossSell.empty")} />
      ) : (
        <List
          size="small"
          dataSource={shown}
          renderItem={(suggestion) => (
            <List.Item style={{ paddingInline: 0, display: "block" }} data-testid="cross-sell-item">
              <Space orientation="vertical" size={2} style={{ width: "100%" }}>
                <Typography.Text strong>{suggestion.product?.name}</Typography.Text>
                {suggestion.because && (
                  <Typography.Text type="secondary">{t("crossSell.because", { product: suggestion.because.name })}</Typography.Text>
                )}
                <Space size={8} style={{ width: "100%" }}>
                  <Typography.Text type="secondary" style={{ whiteSpace: "nowrap" }}>
                    {t("crossSell.confidence")}
                  </Typography.Text>
                  <Progress
                    percent={Math.round(suggestion.confidence * 100)}
                    size="small"
                    style={{ minWidth: 120, margin: 0 }}
                    format={() => format.percent(suggestion.confidence, 0)}
                    data-testid="cross-sell-confidence"
                  />
                </Space>
                {suggestion.because && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t("crossSell.rule", {
                      confidence: format.percent(suggestion.confidence, 0),
                      a: suggestion.because.name,
                      b: suggestion.product?.name,
                    })}{" "}
                    · {t("crossSell.support", { count: suggestion.supportCustomers })}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
};
