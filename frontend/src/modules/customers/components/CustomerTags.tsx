import { Tag } from "antd";
import { useTranslation } from "react-i18next";

import type { CustomerKind, CustomerStatus, Grade, PoolStatus, RfmSegment } from "../../../generated/graphql";
import { GRADE_COLORS, SEGMENT_COLORS, STATUS_COLORS } from "../constants/customerEnums";

export const CustomerStatusTag = ({ status }: { status: CustomerStatus }) => {
  const { t } = useTranslation("customers");
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
};

export const CustomerKindTag = ({ kind }: { kind: CustomerKind }) => {
  const { t } = useTranslation("customers");
  return <Tag data-kind={kind}>{t(`kind.${kind}`)}</Tag>;
};

export const GradeTag = ({ grade }: { grade: Grade }) => {
  const { t } = useTranslation("customers");
  return (
    <Tag color={GRADE_COLORS[grade]} data-grade={grade}>
      {t(`grade.${grade}`)}
    </Tag>
  );
};

export const SegmentTag = ({ segment }: { segment: RfmSegment }) => {
  const { t } = useTranslation("customers");
  return (
    <Tag color={SEGMENT_COLORS[segment]} data-segment={segment}>
      {t(`segment.${segment}`)}
    </Tag>
  );
};

export const PoolStatusTag = ({ poolStatus }: { poolStatus: PoolStatus }) => {
  const { t } = useTranslation("customers");
  return (
    <Tag color={poolStatus === "PUBLIC" ? "volcano" : "default"} data-pool-status={poolStatus}>
      {t(`poolStatus.${poolStatus}`)}
    </Tag>
  );
};

type CustomerTagListProps = {
  tags: ReadonlyArray<{ id: string; name: string; color: string }>;
};

/** The customer's own tags (names with their colours). */
export const CustomerTagList = ({ tags }: CustomerTagListProps) => (
  <>
    {tags.map((tag) => (
      <Tag key={tag.id} color={tag.color}>
        {tag.name}
      </Tag>
    ))}
  </>
);
