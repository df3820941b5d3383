import { Card, Flex, Tabs, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { ApprovalInbox, type ApprovalTab } from "../../modules/sales/components/ApprovalInbox";
import { NoAccessResult } from "../../modules/sales/components/NoAccessResult";
import { approvalTabOf } from "../../modules/sales/utils/approvalsPath";

/** /approvals: the sales director's inbox of stage moves waiting for a decision (?tab=decided for the rest). */
export const ApprovalsPage = () => {
  const { t } = useTranslation("sales");
  const permissions = usePermissions();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab: ApprovalTab = approvalTabOf(searchParams);

  if (!permissions.canQuery("approvals")) return <NoAccessResult />;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("approvals.title")}
      </Typography.Title>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setSearchParams(key === "decided" ? { tab: "decided" } : {})}
          items={[
            { key: "pending", label: <span data-testid="approvals-tab-pending">{t("approvals.pending")}</span> },
            { key: "decided", label: <span data-testid="approvals-tab-decided">{t("approvals.decided")}</span> },
          ]}
        />
        <ApprovalInbox key={tab} tab={tab} />
      </Card>
    </Flex>
  );
};
