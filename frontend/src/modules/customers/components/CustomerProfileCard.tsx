import { EditOutlined } from "@ant-design/icons";
import { Button, Card, Descriptions, Tag, Typography, type DescriptionsProps } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useFormatters } from "../../format/hooks/useFormatters";
import { RISK_COLORS } from "../constants/customerEnums";
import type { Customer360 } from "../types/Customer360";
import type { Customer360Access } from "../utils/customerAccess";
import { profileFieldApplies } from "../utils/profileInput";

type CustomerProfileCardProps = {
  customer: Customer360;
  access: Customer360Access;
  /** Opens the profile form (when the viewer may write some of it). */
  onEdit?: () => void;
};

/**
 * Who the customer is, as the customer analysis groups customers (for persons: gender, age band, occupation,
 * education, marital status), and what they are worth and risk: contribution ranking (computed, read-only),
 * credit rating and risk level. Each line only when the viewer may read it.
 */
export const CustomerProfileCard = ({ customer, access, onEdit }: CustomerProfileCardProps) => {
  const { t } = useTranslation("customers");
  const format = useFormatters();
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  const items: DescriptionsProps["items"] = [];
  type ProfileLabel = "gender" | "birthDate" | "ageBand" | "occupation" | "education" | "maritalStatus" | "creditRating" | "riskLevel" | "contributionRank";
  const add = (key: ProfileLabel, shown: boolean, children: ReactNode) => {
    if (shown && profileFieldApplies(key, customer.kind)) items.push({ key, label: t(`profile.${key}`), children: <span data-testid={`profile-${key}`}>{children ?? none}</span> });
  };
  add("gender", access.withGender, customer.gender ? t(`gender.${customer.gender}`) : null);
  add("birthDate", access.withBirthDate, customer.birthDate ? format.date(customer.birthDate) : null);
  add("ageBand", access.withAgeBand, customer.ageBand ? t("profile.ageBandValue", { band: customer.ageBand }) : null);
  add("occupation", access.withOccupation, customer.occupation);
  add("education", access.withEducation, customer.education);
  add("maritalStatus", access.withMaritalStatus, customer.maritalStatus ? t(`maritalStatus.${customer.maritalStatus}`) : null);
  add("creditRating", access.withCreditRating, customer.creditRating);
  add(
    "riskLevel",
    access.withRiskLevel,
    customer.riskLevel ? <Tag color={RISK_COLORS[customer.riskLevel]}>{t(`riskLevel.${customer.riskLevel}`)}</Tag> : null,
  );
  if (access.withContributionRank && customer.contributionRank) {
    const rank = customer.contributionRank;
    add(
      "contributionRank",
      true,
      rank.overall === null ? (
        t("profile.notRanked")
      ) : (
        <>
          {t("profile.rankOverall", { rank: format.number(rank.overall) })}
          {rank.withinRegion !== null && ` · ${t("profile.rankRegion", { rank: format.number(rank.withinRegion) })}`}
        </>
      ),
    );
  }
  if (items.length === 0) return null;
  return (
    <Card
      title={t("profile.title")}
      size="small"
      extra={
        onEdit && (
          <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="profile-edit">
            {t("profile.edit")}
          </Button>
        )
      }
      data-testid="customer-section-profile"
    >
      <Descriptions size="small" column={1} items={items} />
    </Card>
  );
};
