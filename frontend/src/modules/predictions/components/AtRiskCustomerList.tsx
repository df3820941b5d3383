import { Empty, Flex, Skeleton, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { CustomersAtRiskQuery } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";

export type AtRiskCustomer = CustomersAtRiskQuery["customersAtRisk"]["nodes"][number];

const BAND_COLORS = { LOW: "green", MEDIUM: "orange", HIGH: "red" } as const;

/** Customers at churn risk, one row each: name (to the 360° page), probability, band and strongest reason; rows
 * wrap on a phone. */
export const AtRiskCustomerList = ({ customers, loading }: { customers: readonly AtRiskCustomer[]; loading?: boolean }) => {
  const { t } = useTranslation("predictions");
  const format = useFormatters();
  if (loading) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (customers.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("atRisk.empty")} data-testid="at-risk-empty" />;
  }
  return (
    <Flex vertical data-testid="at-risk-list">
      {customers.map((customer) => {
        const risk = customer.churnRisk;
        const reason = risk?.reasons[0]?.text;
        return (
          <Flex
            key={customer.id}
            vertical
            gap={2}
            style={{ minWidth: 0, paddingBlock: 8, borderBottom: "1px solid rgba(5, 5, 5, 0.06)" }}
            data-testid="at-risk-customer"
          >
            <Flex wrap gap={8} align="center" justify="space-between">
              <Link to={`/customers/${customer.id}`} data-testid="at-risk-customer-link">
                {customer.name}
              </Link>
              {risk && (
                <Flex gap={8} align="center">
                  <Typography.Text strong data-testid="at-risk-probability">
                    {format.percent(risk.probability)}
                  </Typography.Text>
                  <Tag color={BAND_COLORS[risk.band]} style={{ marginInlineEnd: 0 }} data-testid="at-risk-band">
                    {t(`churn.band.${risk.band}`)}
                  </Tag>
                </Flex>
              )}
            </Flex>
            <Typography.Text type="secondary" data-testid="at-risk-reason">
              {reason ?? t("churn.noReasons")}
            </Typography.Text>
          </Flex>
        );
      })}
    </Flex>
  );
};
