import { Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { DuplicateReason } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";

type DuplicateReasonsProps = { reasons: readonly DuplicateReason[]; tradeName: string | null; score: number };

/** Why a customer looks like a duplicate: shared phone or email, the trade name both names share, how alike. */
export const DuplicateReasons = ({ reasons, tradeName, score }: DuplicateReasonsProps) => {
  const { t } = useTranslation("customers");
  const format = useFormatters();
  return (
    <Space size={[4, 4]} wrap data-testid="duplicate-reasons">
      {reasons.map((reason) => (
        <Tag key={reason} color={reason === "SAME_PHONE" || reason === "SAME_EMAIL" ? "orange" : "gold"}>
          {reason === "SAME_TRADE_NAME" || reason === "SIMILAR_NAME"
            ? t(`duplicates.reasonWithName.${reason}`, { name: tradeName ?? "" })
            : t(`duplicates.reason.${reason}`)}
        </Tag>
      ))}
      <Typography.Text type="secondary">{t("duplicates.score", { score: format.percent(score, 0) })}</Typography.Text>
    </Space>
  );
};
