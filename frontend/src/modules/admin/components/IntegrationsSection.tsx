import { Space } from "antd";

import { ApiTokensCard } from "./ApiTokensCard";
import { WebhooksCard } from "./WebhooksCard";

/** Admin > Integrations: API tokens for other systems, and webhooks that tell them what changed. */
export const IntegrationsSection = () => (
  <Space orientation="vertical" size="large" style={{ width: "100%" }}>
    <WebhooksCard />
    <ApiTokensCard />
  </Space>
);
