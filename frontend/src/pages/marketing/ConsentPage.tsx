import { Space } from "antd";

import { MarketingSettingsCard } from "../../modules/marketing/consent/MarketingSettingsCard";
import { SuppressionList } from "../../modules/marketing/consent/SuppressionList";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";

/** /marketing/consent: the suppression list, and the marketing settings for managers and administrators. */
export const ConsentPage = () => {
  const permissions = usePermissions();
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <SuppressionList />
        {permissions.canQuery("marketingSettings") && <MarketingSettingsCard />}
      </Space>
  );
};
