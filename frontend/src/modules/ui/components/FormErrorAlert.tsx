import { Alert, Button } from "antd";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";

import type { FormError } from "../hooks/useFormErrors";

type FormErrorAlertProps = {
  error: FormError | null;
  /** Reloads the record after a conflict; without it the conflict has no reload button. */
  onReload?: () => void;
  /** Test ids: `<testId>-error`, and for a conflict `<testId>-conflict` and `<testId>-reload`. */
  testId: string;
  style?: CSSProperties;
};

/** The error above a form: a conflict (reload, then save again) or a message. */
export const FormErrorAlert = ({ error, onReload, testId, style = { marginBottom: 16 } }: FormErrorAlertProps) => {
  const { t } = useTranslation("common");
  if (!error) return null;
  if (error.kind === "conflict") {
    return (
      <Alert
        type="warning"
        showIcon
        title={t("conflict")}
        action={
          onReload && (
            <Button size="small" onClick={onReload} data-testid={`${testId}-reload`}>
              {t("reload")}
            </Button>
          )
        }
        style={style}
        data-testid={`${testId}-conflict`}
      />
    );
  }
  return <Alert type="error" showIcon title={error.text} role="alert" style={style} data-testid={`${testId}-error`} />;
};
