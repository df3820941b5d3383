import { Tag } from "antd";
import { useTranslation } from "react-i18next";

import type { ModelRun } from "../utils/modelRuns";

type RunStatusTagsProps = {
  run: ModelRun;
  /** The run scores now (the newest promoted one). */
  inForce: boolean;
};

/** Promoted or not, in force, and small data (predictions from priors). */
export const RunStatusTags = ({ run, inForce }: RunStatusTagsProps) => {
  const { t } = useTranslation("predictionModels");
  return (
    <span data-testid="run-status">
      {run.promoted ? <Tag color="green">{t("status.promoted")}</Tag> : <Tag color="red">{t("status.rejected")}</Tag>}
      {inForce && <Tag color="blue">{t("status.current")}</Tag>}
      {run.smallData && <Tag color="gold">{t("smallData.tag")}</Tag>}
    </span>
  );
};
