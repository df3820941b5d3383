import { Card, Descriptions, Empty, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { CampaignDetailQuery } from "../../../generated/graphql";

type Content = NonNullable<CampaignDetailQuery["campaign"]>["contents"][number];

/** What a scheduled, sending or finished campaign sends, per channel and language (read-only: drafts have the form). */
export const CampaignContentsCard = ({ contents }: { contents: readonly Content[] }) => {
  const { t } = useTranslation("marketing");
  return (
    <Card size="small" title={t("campaigns.contents")} data-testid="campaign-contents">
      {contents.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("campaigns.noContents")} />
      ) : (
        <Descriptions size="small" column={1} bordered>
          {contents.map((content) => (
            <Descriptions.Item
              key={`${content.channel}:${content.locale}`}
              label={`${t(`campaigns.channel.${content.channel}`)} · ${t(`campaigns.locale.${content.locale}` as never, { defaultValue: content.locale })}`}
            >
              {content.subject && <Typography.Text strong style={{ display: "block" }}>{content.subject}</Typography.Text>}
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{content.body}</Typography.Paragraph>
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  );
};
