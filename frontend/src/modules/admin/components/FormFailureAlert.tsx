import { Alert, Button } from "antd";
import { useTranslation } from "react-i18next";

import type { MutationFailure } from "../utils/mutationFailure";

type FormFailureAlertProps = {
  /** A mutation failure, or messages of userErrors that name no field. */
  failure: MutationFailure | string[] | null;
  /** Reloads the data after a CONFLICT (someone else changed it). */
  onReload?: () => void;
};

/** The error above a form: general userErrors, a conflict with a reload action, or a failed request. */
export const FormFailureAlert = ({ failure, onReload }: FormFailureAlertProps) => {
  const { t } = useTranslation(["admin", "common"]);
  if (!failure || (Array.isArray(failure) && failure.length === 0)) return null;
  let title: string;
  let action = null;
  if (Array.isArray(failure)) title = failure.join(" ");
  else if (failure.kind === "conflict") {
    title = t("common:conflict");
    if (onReload)
      action = (
        <Button size="small" onClick={onReload} data-testid="form-reload">
          {t("common:reload")}
        </Button>
      );
  } else if (failure.kind === "forbidden") title = t("admin:errors.forbidden");
  else title = failure.message ?? t("admin:errors.saveFailed");
  return <Alert type="error" showIcon title={title} action={action} role="alert" data-testid="form-error" style={{ marginBottom: 16 }} />;
};
