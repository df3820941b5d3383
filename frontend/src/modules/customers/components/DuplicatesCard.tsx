import { MergeCellsOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Flex, Skeleton, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useFormatters } from "../../format/hooks/useFormatters";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useCustomer360DuplicatesQuery } from "../hooks/useCustomer360DuplicatesQuery";
import { CustomerMergeModal } from "./CustomerMergeModal";
import { DuplicateReasons } from "./DuplicateReasons";

type DuplicatesCardProps = {
  customer: { id: string; name: string };
  withOwner: boolean;
  withCreatedAt: boolean;
  canMerge: boolean;
  onMerged: (survivorId: string) => void;
};

/** Likely duplicates of the customer, with why they look alike; a manager can merge one in. */
export const DuplicatesCard = ({ customer, withOwner, withCreatedAt, canMerge, onMerged }: DuplicatesCardProps) => {
  const { t } = useTranslation("customers");
  const format = useFormatters();
  const [{ data, error }, reexecute] = useCustomer360DuplicatesQuery({ id: customer.id, withOwner, withCreatedAt });
  const [merging, setMerging] = useState<{ id: string; name: string } | null>(null);
  const duplicates = data?.customerDuplicates ?? [];

  return (
    <Card title={t("duplicates.title")} size="small" data-testid="customer-section-duplicates">
      {error && !data ? (
        <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : duplicates.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("duplicates.empty")} />
      ) : (
        duplicates.map((duplicate) => (
          <Flex
            key={duplicate.customer.id}
            justify="space-between"
            align="center"
            gap={8}
            style={{ paddingBlock: 8, borderBottom: "1px solid rgba(5, 5, 5, 0.06)" }}
            data-testid="duplicate"
          >
            <Space orientation="vertical" size={2}>
              <Link to={`/customers/${duplicate.customer.id}`}>{duplicate.customer.name}</Link>
              <DuplicateReasons reasons={duplicate.reasons} tradeName={duplicate.tradeName} score={duplicate.score} />
              {(duplicate.customer.owner || duplicate.customer.createdAt) && (
                <Typography.Text type="secondary">
                  {[duplicate.customer.owner?.name, duplicate.customer.createdAt && format.date(duplicate.customer.createdAt)]
                    .filter(Boolean)
                    .join(" · ")}
                </Typography.Text>
              )}
            </Space>
            {canMerge && (
              <Button
                size="small"
                icon={<MergeCellsOutlined />}
                onClick={() => setMerging({ id: duplicate.customer.id, name: duplicate.customer.name })}
                data-testid="duplicate-merge"
              >
                {t("duplicates.merge")}
              </Button>
            )}
          </Flex>
        ))
      )}
      {merging && (
        <CustomerMergeModal
          open
          current={customer}
          other={merging}
          onClose={() => setMerging(null)}
          onMerged={(survivorId) => {
            setMerging(null);
            onMerged(survivorId);
          }}
        />
      )}
    </Card>
  );
};
